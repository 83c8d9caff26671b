#!/usr/bin/env bash
# build-info.sh OUT ILC_VERSION: writes the NASM include that kernel/Arch/Asm/BuildInfo.asm
# turns into the xen_version answers XENVER_changeset (the source revision: `git describe
# --always --dirty`, or "unavailable" outside a git checkout, as Xen says when it does not
# know) and XENVER_compile_info's compiler string. OUT is rewritten only when its text
# changes, so an unchanged checkout rebuilds nothing.
set -euo pipefail
out=$1 ilc=$2
cd "$(dirname "$0")/../.."
rev=$(git describe --always --dirty --abbrev=12 2>/dev/null || true)
[ -n "$rev" ] || rev=unavailable
# Only characters a NASM string and a guest's printf take as they are; at most 63 bytes.
rev=$(printf '%s' "$rev" | tr -cd 'A-Za-z0-9._+-' | cut -c1-63)
compiler=$(printf 'ILCompiler %s (NativeAOT), nasm, ld' "$ilc" | tr -cd 'A-Za-z0-9 ._+(),-' | cut -c1-63)
text=$(printf '%%define RW_CHANGESET "%s"\n%%define RW_COMPILER "%s"\n' "$rev" "$compiler")
mkdir -p "$(dirname "$out")"
if [ ! -f "$out" ] || [ "$(cat "$out")" != "$text" ]; then
    printf '%s\n' "$text" > "$out"
fi
