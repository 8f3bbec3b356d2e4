#!/usr/bin/env bash
# Wall and CPU time of `virt prove` for every design on one spec (default isa-specs/x86-32.yaml), with the
# query counts each run reports. Run from the repository root:
#   bash bench/prove-designs.sh [SPEC] [JOBS]
# A spec that declares vmm.controls (x86-32-vtx.yaml) is proved with --vmm hardware --synthesize-controls,
# the one design it admits; the others with trap-and-emulate, hybrid, patched and paravirtual.
# Each design runs once after one untimed warm-up run of the tool; the whole command is timed, start-up,
# classification, obligations and every counterexample's replay included. The target is under 30 s wall
# per design on a 2-core machine (goal: under 10 s).
set -euo pipefail
spec="${1:-isa-specs/x86-32.yaml}"
jobs="${2:-2}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet publish cli/Virtualizability.Cli -c Release -o "$out/virt" -v quiet >/dev/null
virt=("$out/virt/virt")
"${virt[@]}" prove isa-specs/pg74.yaml --vmm trap-and-emulate >/dev/null 2>&1 || true   # warm-up

printf '%-18s %6s %8s %8s  %s\n' design exit wall_s cpu_s queries
if grep -Eq '^[[:space:]]+controls:' "$spec"; then designs=(hardware); else designs=(trap-and-emulate hybrid patched paravirtual); fi
for design in "${designs[@]}"; do
  extra=()
  [[ "$design" == hardware ]] && extra=(--synthesize-controls)
  set +e
  # bash's own time (no /usr/bin/time on a minimal machine): wall, user and system seconds
  TIMEFORMAT='%R %U %S'
  { time "${virt[@]}" prove "$spec" --vmm "$design" "${extra[@]}" --jobs "$jobs" >"$out/report" 2>&1; } 2>"$out/time"
  code=$?
  set -e
  read -r wall user sys <"$out/time"
  queries=$(grep -Eo '[0-9]+ obligation queries \([0-9]+ classification queries\)' "$out/report" || echo "n/a")
  printf '%-18s %6s %8s %8.2f  %s\n' "$design" "$code" "$wall" "$(echo "$user + $sys" | bc)" "$queries"
done
