# Ringwall build for PowerShell users. The build steps live in one place, the
# Makefile; this script runs its targets, with GNU make where it exists (Linux, macOS,
# MSYS2) or through WSL on Windows. The image it produces is the same file.
#
#   ./build.ps1              # make (build/ringwall.elf)
#   ./build.ps1 iso run      # make iso run
#   ./build.ps1 test         # make test
#
# Not executed in this project's CI: PowerShell is not installable on the Debian
# machines the project builds on (see docs/build.md).
param(
    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $Targets = @("all")
)
$ErrorActionPreference = "Stop"
Set-Location -Path $PSScriptRoot

$make = Get-Command make -ErrorAction SilentlyContinue
if ($null -ne $make) {
    & $make.Source @Targets
    exit $LASTEXITCODE
}
$wsl = Get-Command wsl -ErrorAction SilentlyContinue
if ($null -ne $wsl) {
    & $wsl.Source make @Targets
    exit $LASTEXITCODE
}
Write-Error "build.ps1 needs GNU make (Linux, macOS, MSYS2) or WSL (Windows) to run the Makefile's targets."
exit 1
