#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs missing tools, then runs
# every test of the workspace. This is the README's test command and what CI
# runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# Debian's cargo-web (for guest builds) installs an older /usr/bin/cargo; the
# host build must use the rustup toolchain, so its directory comes first.
if [ -d "${CARGO_HOME:-$HOME/.cargo}/bin" ]; then
    export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
fi
# The examples' #[provable] guests share one target directory, so core and
# alloc compile once for all of them.
export JOLT_GUEST_TARGET_DIR="${JOLT_GUEST_TARGET_DIR:-$PWD/target/jolt-guests}"
# The trusted-setup tests convert a snarkjs ceremony of 2^16 powers, which
# takes snarkjs several minutes on one core: start it now, beside the build.
# The tests wait for it (the script serialises on the output file) and report
# its failure themselves.
mkdir -p target/tmp/ptau
bash scripts/make-test-ptau.sh 16 target/tmp/ptau/bn128-16.ptau \
    >target/tmp/ptau/bn128-16.log 2>&1 &
cargo test --workspace --locked
