#!/usr/bin/env bash
# make-test-ptau.sh POWER OUT.ptau [CURVE]
#
# Writes OUT.ptau: a snarkjs powers-of-tau file of 2^POWER powers on CURVE
# (bn128 by default; bls12381 also works) from a small ceremony whose secret
# nobody here chooses: `powersoftau new`, two `powersoftau contribute` with
# entropy from /dev/urandom (snarkjs adds its own random bytes too), and a
# `powersoftau beacon` with a random beacon hash (2^10 iterations). Every
# intermediate file is deleted; only the final one is kept.
#
# For tests of the ptau reader (lasso::pcs::hyperkzg::ptau): the ceremony is
# real, but it ran on this machine only, so it is no substitute for a public
# ceremony's file in a deployment.
#
# snarkjs 0.7.6 is installed with npm into target/snarkjs (once). An existing
# OUT.ptau is reused as it is.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 POWER OUT.ptau [CURVE]" >&2
    exit 2
fi
power=$1
out=$2
curve=${3:-bn128}
case "$power" in
'' | *[!0-9]*)
    echo "$0: POWER must be a number, not '$power'" >&2
    exit 2
    ;;
esac

if [ -s "$out" ]; then
    echo "reusing $out" >&2
    exit 0
fi

for tool in node npm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$0: '$tool' is not installed; the snarkjs ceremony needs Node.js and npm (Debian: apt-get install nodejs npm)" >&2
        exit 1
    fi
done

root=$(cd "$(dirname "$0")/.." && pwd)
prefix="$root/target/snarkjs"
snarkjs="$prefix/node_modules/.bin/snarkjs"
mkdir -p "$prefix"
# One installer at a time (tests may run this script in parallel).
exec 9>"$prefix/.install.lock"
flock 9
if [ ! -x "$snarkjs" ]; then
    echo "installing snarkjs 0.7.6 with npm into $prefix (once)" >&2
    npm install --prefix "$prefix" snarkjs@0.7.6 --no-audit --no-fund >&2
fi
flock -u 9

rand_hex() { od -An -vtx1 -N"$1" /dev/urandom | tr -d ' \n'; }

out_dir=$(dirname "$out")
mkdir -p "$out_dir"
# One ceremony per output file: a second caller (the test script starts the
# big one early, in the background) waits for the first and reuses its file.
exec 8>"$out.lock"
flock 8
if [ -s "$out" ]; then
    echo "reusing $out" >&2
    exit 0
fi
work=$(mktemp -d "$out_dir/.ptau-ceremony.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "powers-of-tau ceremony on $curve, power $power -> $out" >&2
"$snarkjs" powersoftau new "$curve" "$power" "$work/0.ptau" >/dev/null
"$snarkjs" powersoftau contribute "$work/0.ptau" "$work/1.ptau" \
    -n="first contribution" -e="$(rand_hex 64)" >/dev/null
"$snarkjs" powersoftau contribute "$work/1.ptau" "$work/2.ptau" \
    -n="second contribution" -e="$(rand_hex 64)" >/dev/null
"$snarkjs" powersoftau beacon "$work/2.ptau" "$work/3.ptau" \
    "$(rand_hex 32)" 10 -n="final beacon" >/dev/null
# Rename within the same folder: OUT appears complete or not at all.
mv "$work/3.ptau" "$out"
