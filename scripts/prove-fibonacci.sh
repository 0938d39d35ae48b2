#!/usr/bin/env bash
# The README's main job, from a fresh clone: installs the guest toolchain
# when missing, then builds the fibonacci guest, proves a run of it and
# verifies the proof. Arguments go to the example (e.g. --n 20000, --json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
if [ -d "${CARGO_HOME:-$HOME/.cargo}/bin" ]; then
    export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
fi
cargo run --release --locked -q -p jolt-sdk --example prove_fibonacci -- "$@"
