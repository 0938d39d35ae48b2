#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine, and nothing
# when it is already there. Each tool is checked by the command it provides.
set -euo pipefail

need=()
# (package, command that proves it is installed)
check() { command -v "$2" >/dev/null 2>&1 || need+=("$1"); }
# (package, file that proves it is installed)
check_file() { [ -e "$2" ] || need+=("$1"); }

# Tools are added here by the features that need them (guest toolchains,
# QEMU for differential tests).

# Rust guests (riscv32im-unknown-none-elf): rustup cannot download targets on
# these machines, so guests build with Debian's rustc/cargo and the matching
# std sources (-Zbuild-std), linked by ld.lld. The rustup toolchain in
# ~/.cargo/bin stays first on PATH for the host build; the sdk calls
# /usr/bin/cargo and /usr/bin/rustc by absolute path.
check rustc-web /usr/bin/rustc
check cargo-web /usr/bin/cargo
check_file rust-web-src /usr/lib/rustlib/src/rust/library/core/Cargo.toml
check lld ld.lld
# C guests.
check clang clang
# Reference emulator for the tracer's differential tests.
check qemu-user qemu-riscv32

if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}" >&2
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
