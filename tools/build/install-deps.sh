#!/usr/bin/env bash
# Installs what the Ringwall build and tests need and the machine lacks: Debian
# packages only (NuGet packages come through `dotnet restore`). Quick when nothing is
# missing, so the Makefile runs it before every build. Needs root or sudo to install.
set -euo pipefail

missing=()
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need_file() { [ -e "$1" ] || missing+=("$2"); }

need_cmd nasm nasm
need_cmd ld binutils
need_cmd strip binutils
need_cmd qemu-system-x86_64 qemu-system-x86
need_cmd grub-mkrescue grub-common
need_cmd grub-file grub-common
need_cmd xorriso xorriso
need_cmd mformat mtools
need_cmd python3 python3
need_file /usr/lib/grub/i386-pc/multiboot2.mod grub-pc-bin
need_file /usr/lib/grub/x86_64-efi/multiboot2.mod grub-efi-amd64-bin
need_file /usr/share/ovmf/OVMF.fd ovmf

if ! command -v dotnet >/dev/null 2>&1; then
    echo "install-deps: the .NET SDK (dotnet, 10.0.x) is required and is not on PATH;" >&2
    echo "install-deps: Debian does not package it: install it, then run make again." >&2
    exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

# de-duplicate
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
echo "install-deps: installing Debian packages: $packages"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install: $packages" >&2; exit 1; }
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $packages
