#!/usr/bin/env bash
# A long run of the loader's and the scanner's fuzz tests: mutations of every shipped spec through
# SpecLoader.TryLoad, then damaged ELF32/ELF64 files and random flat files through the scanner's reader.
# Prints mutations tried, valid specs, distinct error messages and their kinds (messages with names and
# numbers taken out), and the rate; with -v, the kinds themselves. Run from the repository root:
#   bash bench/fuzz-loader.sh [MUTATIONS] [-v]       (default 20000 spec mutations, about 10 minutes)
# The streams are seeded, so a run of the same size sees the same mutations; a failure prints the
# CsCheck seed and the shrunk mutations that reproduce it.
set -euo pipefail
mutations="${1:-20000}"
verbose="${2:-}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet build tests/Virtualizability.Analyzer.Tests -c Release -v quiet >/dev/null
start=$(date +%s)
status=0
VIRT_FUZZ_MUTATIONS="$mutations" dotnet test tests/Virtualizability.Analyzer.Tests -c Release --no-build \
  --filter "FullyQualifiedName~LoaderFuzzTests|FullyQualifiedName~BinaryFuzzTests" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
echo "VIRT_FUZZ_MUTATIONS=$mutations, $(( $(date +%s) - start )) s in all"
grep -E "mutations tried|damaged files" "$log" | sed 's/^ *//'
if [ "$verbose" = "-v" ]; then
  awk '/error kinds:/ { on = 1; next } on && /^   / { sub(/^ +/, ""); print; next } { on = 0 }' "$log"
fi
if [ "$status" -ne 0 ]; then
  grep -E "Failed |CsCheck|Set seed|Error Message" -A3 "$log" | head -40
  exit "$status"
fi
