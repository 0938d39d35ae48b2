#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine, and nothing
# when it is already there. Each tool is checked by the command it provides.
set -euo pipefail

need=()
# (package, command that proves it is installed)
check() { command -v "$2" >/dev/null 2>&1 || need+=("$1"); }

# Tools are added here by the features that need them (guest toolchains,
# QEMU for differential tests).

if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}" >&2
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
