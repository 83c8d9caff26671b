#!/usr/bin/env bash
# Runs Ringwall's test suites and ends with one summary line "tests: N passed, N failed".
#   run-tests.sh            all suites: host (core logic), abi (generator), tools, booted (QEMU)
#   run-tests.sh host|abi|pack|tools|boot   one suite
# The booted suite needs build/ringwall.elf and build/ringwall.iso (make test builds
# them first). Serial logs of booted runs stay in build/test-logs/.
set -uo pipefail
cd "$(dirname "$0")/../.."

declare -A projects=(
    [host]=tests/Host/Ringwall.Tests.Host.csproj
    [tools]=tools/Tools.Tests/Tools.Tests.csproj
    [abi]=tools/AbiGen.Tests/AbiGen.Tests.csproj
    [pack]=tools/ModulePack.Tests/ModulePack.Tests.csproj
    [boot]=tests/Boot/Ringwall.Tests.Boot.csproj
)
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(host abi pack tools boot)

passed=0; failed=0; status=0
mkdir -p build/test-results
for suite in "${suites[@]}"; do
    project=${projects[$suite]:-}
    if [ -z "$project" ]; then echo "run-tests: unknown suite '$suite'" >&2; exit 2; fi
    echo "== $suite tests ($project)"
    out=build/test-results/$suite.txt
    dotnet test "$project" -nologo -c Release 2>&1 | tee "$out"
    code=${PIPESTATUS[0]}
    line=$(grep -E '^(Passed|Failed)!' "$out" | tail -n 1)
    if [ -z "$line" ]; then
        echo "run-tests: $suite: no test summary (build failure?)" >&2
        failed=$((failed + 1)); status=1; continue
    fi
    p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$line")
    f=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + p)); failed=$((failed + f))
    [ "$code" -ne 0 ] && status=1
done
echo "tests: $passed passed, $failed failed"
exit $status
