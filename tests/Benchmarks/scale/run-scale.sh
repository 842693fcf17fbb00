#!/usr/bin/env bash
# The CLI at scale, as a process: compiles and validates 100,000 definitions over 1,000 files and one file of
# 1,000,000 definitions, and measures wall time and peak memory (RSS) with /usr/bin/time (apt-get install -y time).
#
#   tests/Benchmarks/scale/run-scale.sh [callrules command...]
#
# With no arguments it builds runtime/CallRules.Cli in Release and runs `dotnet <callrules.dll>`; pass a command to
# measure another build, such as the Native AOT binary:
#   tests/Benchmarks/scale/run-scale.sh runtime/CallRules.Cli/bin/Release/net10.0/linux-x64/publish/callrules
#
# The data (about 2.1 GB) is written once to $CALLRULES_SCALE_DATA (default: a folder under the system temp folder)
# and reused. Results are printed as a table and written to $CALLRULES_SCALE_DATA/results.csv.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
data="${CALLRULES_SCALE_DATA:-${TMPDIR:-/tmp}/callrules-scale}"
files="${CALLRULES_SCALE_FILES:-1000}"
per_file="${CALLRULES_SCALE_PER_FILE:-100}"
big="${CALLRULES_SCALE_BIG:-1000000}"
timer=/usr/bin/time
[ -x "$timer" ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }

if [ $# -gt 0 ]; then
  cli=("$@")
else
  dotnet build "$repo/runtime/CallRules.Cli" -c Release -v quiet -nologo >&2
  cli=(dotnet "$repo/runtime/CallRules.Cli/bin/Release/net10.0/callrules.dll")
fi

if [ ! -f "$data/.complete-$files-$per_file-$big" ]; then
  rm -rf "$data" && mkdir -p "$data"
  dotnet run -c Release --project "$repo/tests/Benchmarks" -- --write-data "$data" --files "$files" --per-file "$per_file" --big "$big" >&2
  # A small file for the start-up baseline: the first 20 definitions of the first file set.
  dotnet run -c Release --project "$repo/tests/Benchmarks" -- --write-data "$data/small" --files 1 --per-file 20 --big 0 >&2
  touch "$data/.complete-$files-$per_file-$big"
fi
small="$data/small/many/connections-0000.json"

# run <name> <definitions> <input bytes> <args...>: one measured run; prints a CSV row.
run() {
  local name="$1" defs="$2" bytes="$3"; shift 3
  local out="$data/out-$name"
  rm -rf "$out"
  local stats
  stats="$(mktemp)"
  local code=0
  "$timer" -f '%e %M %U %S' -o "$stats" "${cli[@]}" "$@" > "$data/$name.log" 2>&1 || code=$?
  read -r wall rss_kb user sys < "$stats"
  rm -f "$stats"
  local out_bytes=0
  [ -d "$out" ] && out_bytes="$(du -sb "$out" | cut -f1)"
  echo "$name,$defs,$bytes,$wall,$user,$sys,$rss_kb,$out_bytes,$code"
}

bytes_of() { du -sb "$1" | cut -f1; }
results="$data/results.csv"
echo "scenario,definitions,input_bytes,wall_s,user_s,sys_s,peak_rss_kb,output_bytes,exit_code" > "$results"
run validate-small 20 "$(bytes_of "$small")" validate "$small" >> "$results"
run validate-many $((files * per_file)) "$(bytes_of "$data/many")" validate "$data/many" >> "$results"
run compile-many $((files * per_file)) "$(bytes_of "$data/many")" compile "$data/many" --out "$data/out-compile-many" >> "$results"
if [ "$big" -gt 0 ]; then
  run validate-big "$big" "$(bytes_of "$data/big")" validate "$data/big/connections.json" >> "$results"
  run compile-big "$big" "$(bytes_of "$data/big")" compile "$data/big/connections.json" --out "$data/out-compile-big" >> "$results"
fi

# The table: definitions/second, and memory per definition above the small run's baseline.
python3 - "$results" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
base = int(rows[0]["peak_rss_kb"]) * 1024
print(f"{'scenario':16} {'defs':>9} {'MB in':>8} {'wall s':>7} {'cpu s':>7} {'defs/s':>9} {'MB/s':>7} {'peak RSS MB':>11} {'B/def over base':>15} {'exit':>4}")
for r in rows:
    defs, wall = int(r["definitions"]), max(float(r["wall_s"]), 0.001)
    rss = int(r["peak_rss_kb"]) * 1024
    cpu = float(r["user_s"]) + float(r["sys_s"])
    per = (rss - base) / defs if r is not rows[0] else 0
    print(f"{r['scenario']:16} {defs:9} {int(r['input_bytes'])/1e6:8.1f} {wall:7.2f} {cpu:7.2f} {defs/wall:9.0f} {int(r['input_bytes'])/1e6/wall:7.1f} {rss/2**20:11.1f} {per:15.0f} {r['exit_code']:>4}")
PY
