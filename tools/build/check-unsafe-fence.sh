#!/usr/bin/env bash
# The unsafe fence: only the runtime (kernel/Runtime), the x86-64 layer (kernel/Arch)
# and the drivers (drivers/) may use unsafe code. Checked two ways: only their
# projects may set AllowUnsafeBlocks=true (so the compiler refuses unsafe elsewhere),
# and no other C# source in the image folders may contain the word `unsafe`.
set -euo pipefail
cd "$(dirname "$0")/../.."
allowed='^(kernel/Runtime|kernel/Arch|drivers)/'
fail=0
while IFS= read -r proj; do
    if grep -q '<AllowUnsafeBlocks>true</AllowUnsafeBlocks>' "$proj" && ! [[ $proj =~ $allowed ]]; then
        echo "unsafe fence: $proj allows unsafe code" >&2; fail=1
    fi
done < <(find kernel drivers guestabi -name '*.csproj' -not -path '*/obj/*' 2>/dev/null)
while IFS= read -r file; do
    if ! [[ $file =~ $allowed ]]; then
        echo "unsafe fence: $file uses unsafe code outside the runtime, arch layer and drivers" >&2; fail=1
    fi
done < <(grep -rlwE 'unsafe|stackalloc|fixed *\(' --include='*.cs' kernel drivers guestabi 2>/dev/null | grep -vE '/(obj|bin)/' || true)
exit $fail
