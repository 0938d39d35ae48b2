#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs missing tools, then runs
# every test of the workspace. This is the README's test command and what CI
# runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo test --workspace --locked
