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
cargo test --workspace --locked
