#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine, and nothing
# when it is already there. Each tool is checked by the command it provides.
set -euo pipefail

need=()
# (package, command that proves it is installed)
check() { command -v "$2" >/dev/null 2>&1 || need+=("$1"); }
# (package): installed according to dpkg (for packages whose files another
# package could also provide, e.g. /usr/bin/rustc from Debian's older rustc).
check_pkg() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed" || need+=("$1")
}

# Tools are added here by the features that need them (guest toolchains,
# QEMU for differential tests).

# Rust guests (riscv32im-unknown-none-elf): rustup cannot download targets on
# these machines, so guests build with Debian's rustc/cargo and the matching
# std sources (-Zbuild-std), linked by ld.lld. The rustup toolchain in
# ~/.cargo/bin stays first on PATH for the host build; the sdk calls
# /usr/bin/cargo and /usr/bin/rustc by absolute path.
check_pkg rustc-web
check_pkg cargo-web
check_pkg rust-web-src
check lld ld.lld
# C guests.
check clang clang
# The benchmark plots' text font.
check_pkg fonts-dejavu-core
# Reference emulator for the tracer's differential tests.
check qemu-user qemu-riscv32
# snarkjs (installed by scripts/make-test-ptau.sh with npm) for the ptau
# reader's tests on real ceremony files.
check nodejs node
check npm npm

if [ ${#need[@]} -gt 0 ]; then
    echo "installing the guest toolchain and test tools (Debian packages, once): ${need[*]}" >&2
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
