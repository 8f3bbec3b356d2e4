#!/usr/bin/env bash
# virt scan against objdump -d | grep on the same library, side by side: CPU and wall time of each
# whole command, the ratio, and the scan's MB/s of code. Run from the repository root:
#   bash bench/scan-vs-objdump.sh [LIBRARY]          (default: libz3.so.4, about 19 MB of code)
# The spec's analysis and verdict table are cached first (one untimed run), so the timed runs measure
# the scan itself, including the tool's start-up. VIRT_TIMINGS=1 makes virt print its phases' times. Each command runs three times; the fastest run counts.
set -euo pipefail
lib="${1:-/usr/lib/x86_64-linux-gnu/libz3.so.4}"
grep_re='\s(sgdt|sidt|sldt|str|smsw|pushf|popf|lar|lsl|verr|verw|iretq|cpuid|hlt|rdtsc|rdmsr|wrmsr|cli|sti|swapgs|sysretq)\s'
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Published for the machine's runtime: the native (Native AOT) virt, as `dotnet publish -r linux-x64` makes it.
# VIRT_BUILD=jit times the JIT build (the packed tool's) instead.
if [[ ${VIRT_BUILD:-native} == jit ]]; then
  dotnet publish cli/Virtualizability.Cli -c Release -o "$out/virt" -v quiet >/dev/null
else
  dotnet publish cli/Virtualizability.Cli -c Release -r linux-x64 -o "$out/virt" -v quiet >/dev/null
fi
virt=("$out/virt/virt")
"${virt[@]}" scan "$lib" --all-sensitive >/dev/null 2>&1 || true   # fills the analysis cache

# seconds of user+system CPU and of wall time for one run of "$@", as "cpu wall"
measure() {
  /usr/bin/time -o "$out/time" -f '%U %S %e' "$@" >/dev/null 2>&1 || true
  tail -1 "$out/time" | awk '{ printf "%.3f %.3f\n", $1 + $2, $3 }'
}
best() { sort -n | head -1; }

# bytes of the executable PROGBITS sections: what both tools decode
code_bytes=$(readelf -SW "$lib" | awk '{ for (i = 1; i <= NF; i++) if ($i == "PROGBITS" && $(i + 5) ~ /X/) print $(i + 3) }' \
  | while read -r hex; do echo $((16#$hex)); done | paste -sd+ | bc)
for jobs in 1 2; do
  scan_cpu=$(for _ in 1 2 3; do measure "${virt[@]}" scan "$lib" --all-sensitive --jobs "$jobs"; done | best)
  echo "virt scan --jobs $jobs: cpu/wall s = $scan_cpu"
  eval "scan_$jobs=\"$scan_cpu\""
done
objdump_cpu=$(for _ in 1 2 3; do measure sh -c "objdump -d '$lib' | grep -cE '$grep_re'"; done | best)
echo "objdump -d | grep:     cpu/wall s = $objdump_cpu"
read -r s_cpu s_wall <<<"$scan_1"
read -r s2_cpu s2_wall <<<"$scan_2"
read -r o_cpu o_wall <<<"$objdump_cpu"
awk -v b="$code_bytes" -v sc="$s_cpu" -v sw="$s_wall" -v s2="$s2_wall" -v oc="$o_cpu" -v ow="$o_wall" 'BEGIN {
  printf "code: %.1f MB\n", b / 1e6
  printf "one core: virt scan %.1f MB/s of code (wall %.2f s), %.1fx faster than objdump | grep (wall %.2f s)\n", b / 1e6 / sw, sw, ow / sw, ow
  printf "--jobs 2: wall %.2f s, %.1fx faster than objdump | grep\n", s2, ow / s2
  printf "CPU: virt scan %.2f s, objdump | grep %.2f s, ratio %.1fx\n", sc, oc, oc / sc
}'
