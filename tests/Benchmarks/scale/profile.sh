#!/usr/bin/env bash
# Profiles the native CLI with perf (Debian's linux-perf): where validate and compile spend their CPU time, per
# thread and per stage, and what each thread waited for (sched_switch events). See docs/performance.md.
#
#   tests/Benchmarks/scale/profile.sh [definitions] [files]
#
# Publishes the native CLI (perf-stages.py names its frames from the .dbg file beside it, which perf here does not
# read), writes the process-level benchmark's data (100,000 minified definitions as one file and as 1,000 files by default) into a
# temporary folder, records `validate` and `compile` of both sets, and prints perf-stages.py's tables for each.
# Everything it writes goes into a temporary folder, deleted at the end ($CALLRULES_PROFILE_KEEP=1 keeps it).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
definitions="${1:-100000}"
files="${2:-1000}"
command -v perf >/dev/null || { echo "needs perf: apt-get install -y linux-perf" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/callrules-profile-XXXXXX")"
cleanup() { [ "${CALLRULES_PROFILE_KEEP:-0}" = 1 ] && echo "kept $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT

dotnet publish "$repo/runtime/CallRules.Cli" -c Release -r linux-x64 -p:NativeCli=true \
  -o "$work/native" --disable-build-servers -nologo -v quiet >&2
cli="$work/native/callrules"
dotnet run -c Release --project "$repo/tests/Benchmarks" -- --write-data "$work/data" --definitions "$definitions" --files "$files" >&2

for set in one many; do
  input="$work/data/one/connections.json"
  [ "$set" = many ] && input="$work/data/many"
  for command in validate compile; do
    args=("$command" "$input")
    [ "$command" = compile ] && args+=(--out "$work/out")
    perf record -q -F 4000 -e cpu-clock -e sched:sched_switch -g -o "$work/$set-$command.data" -- "$cli" "${args[@]}" >/dev/null
    perf script -i "$work/$set-$command.data" -F comm,tid,time,event,trace,ip,sym,dso --show-mmap-events \
      > "$work/$set-$command.txt" 2>/dev/null
    echo
    echo "## $command, $set ($definitions definitions)"
    python3 "$repo/tests/Benchmarks/scale/perf-stages.py" "$work/$set-$command.txt" "$cli"
    rm -rf "$work/out" "$work/$set-$command.data"
  done
done
