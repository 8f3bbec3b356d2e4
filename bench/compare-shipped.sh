#!/usr/bin/env bash
# Wall and CPU time of `virt compare --shipped`: with the VMM designs proved (the default) and with
# --no-designs, each with --jobs 1 and --jobs 2. Run from the repository root:
#   bash bench/compare-shipped.sh [JOBS...]
# Each run is timed as a whole (start-up, loading, classification, proofs, rendering) after one untimed
# warm-up run of the tool. Target on a 2-core machine: under 2 minutes wall with designs at --jobs 2.
set -euo pipefail
jobs=("${@:-1 2}")
read -r -a jobs <<<"${jobs[*]}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet publish cli/Virtualizability.Cli -c Release -o "$out/virt" -v quiet >/dev/null
virt=("$out/virt/virt")
"${virt[@]}" compare isa-specs/pg74.yaml >/dev/null 2>&1 || true   # warm-up

printf '%-12s %5s %6s %8s %8s\n' run jobs exit wall_s cpu_s
for j in "${jobs[@]}"; do
  for mode in designs no-designs; do
    extra=()
    [[ $mode == no-designs ]] && extra=(--no-designs)
    set +e
    /usr/bin/time -o "$out/time" -f '%e %U %S' "${virt[@]}" compare --shipped --jobs "$j" "${extra[@]}" >"$out/report" 2>&1
    code=$?
    set -e
    read -r wall user sys <"$out/time"
    printf '%-12s %5s %6s %8s %8.2f\n' "$mode" "$j" "$code" "$wall" "$(echo "$user + $sys" | bc)"
  done
done
