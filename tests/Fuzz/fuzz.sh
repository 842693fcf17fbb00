#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers of untrusted bytes with AFL++ and SharpFuzz (docs/fuzzing.md).
#
#   tests/Fuzz/fuzz.sh [--target definitions|callrules] [--seconds N] [--execs N] [--out DIR] [--timeout-ms N] [--smoke]
#
# Publishes tests/Fuzz/CallRules.Fuzz (Release), instruments CallRules.Runtime.dll and CallRules.Connections.dll with
# the sharpfuzz tool (dotnet-tools.json: dotnet tool restore), gathers the seed corpus (tests/Fuzz/seeds, the samples, every
# committed regression input), writes an AFL dictionary from the schema, and runs afl-fuzz until --seconds (600 by
# default) or --execs, whichever comes first. Then it replays every crash and hang with the same checks and prints the campaign's figures
# (executions, exec/s, corpus, edges covered, crashes, hangs). Exit code 1 when afl-fuzz saved a crash or a hang.
# --smoke: 45 seconds per target, both targets, for CI. Installs afl++ with apt-get when it is missing and we are root.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
targets=(definitions)
seconds=600
execs=""
out=""
timeout_ms=20000
while [ $# -gt 0 ]; do
    case "$1" in
        --target) targets=("$2"); shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --execs) execs="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --timeout-ms) timeout_ms="$2"; shift 2 ;;
        --smoke) targets=(definitions callrules); seconds=45; shift ;;
        *) echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

if ! command -v afl-fuzz >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
    else
        echo "fuzz.sh: afl-fuzz is missing (Debian package afl++)" >&2
        exit 1
    fi
fi

work="${out:-$(mktemp -d)}"
mkdir -p "$work"
bin="$work/bin"
cd "$root"
dotnet publish tests/Fuzz/CallRules.Fuzz -c Release -o "$bin" --nologo -v quiet
# Instrumented code writes coverage to afl-fuzz's shared memory and cannot run without it: the dictionaries and the
# replay of findings use an uninstrumented copy.
plain="$work/plain"
rm -rf "$plain"
cp -r "$bin" "$plain"
dotnet tool restore >/dev/null
for dll in CallRules.Runtime.dll CallRules.Connections.dll; do
    dotnet tool run sharpfuzz "$bin/$dll" >/dev/null
done

# afl-fuzz on a shared machine: no core pinning, no CPU-governor or core-pattern demands, plain log output.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_UI=1
# The .NET runtime maps far more than afl's default memory limit; its start-up needs a longer first timeout.
export DOTNET_TieredPGO=0 DOTNET_gcServer=0

status=0
for target in "${targets[@]}"; do
    seeds="$work/seeds-$target"
    findings="$work/findings-$target"
    rm -rf "$seeds" "$findings"
    mkdir -p "$seeds"
    cp tests/Fuzz/seeds/"$target"/* "$seeds"/
    if [ "$target" = definitions ]; then
        cp samples/connections/*.json "$seeds"/
    else
        cp samples/golden/connection.rules "$seeds"/
        for f in samples/golden/split/*.rules; do cp "$f" "$seeds/split-$(basename "$f")"; done
    fi
    if [ -d "tests/Fuzz/regressions/$target" ]; then
        for f in tests/Fuzz/regressions/"$target"/*; do cp "$f" "$seeds/regression-$(basename "$f")"; done
    fi
    dotnet "$plain/CallRules.Fuzz.dll" dictionary "$target" > "$work/$target.dict"

    limit=(-V "$seconds")
    [ -n "$execs" ] && limit+=(-E "$execs")
    echo "fuzz.sh: $target: afl-fuzz ${limit[*]}, findings in $findings"
    # -t: a run over 20 s is a hang. SharpFuzz runs the target in afl's fork-server process itself, so a timeout kills
    # the fork server and ends the campaign: on a loaded shared machine (a niced process can wait seconds for a core)
    # a short limit ends campaigns for nothing. -m none: the runtime reserves far more address space than afl allows.
    # The outer timeout is a backstop for an afl-fuzz that does not stop by itself (calibrating the seeds comes first).
    timeout --kill-after=30 $(( seconds + 300 )) \
        afl-fuzz -i "$seeds" -o "$findings" -x "$work/$target.dict" -t "$timeout_ms" -m none "${limit[@]}" \
        -- dotnet "$bin/CallRules.Fuzz.dll" afl "$target" > "$work/afl-$target.log" 2>&1 || {
            echo "fuzz.sh: afl-fuzz stopped with an error; the end of its log:" >&2
            tail -n 30 "$work/afl-$target.log" >&2
            exit 1
        }

    stats="$findings/default/fuzzer_stats"
    value() { sed -n "s/^$1 *: *//p" "$stats"; }
    echo "fuzz.sh: $target: $(value execs_done) executions in $(value run_time) s ($(value execs_per_sec) exec/s)," \
        "corpus $(value corpus_count), edges $(value edges_found) of $(value total_edges) ($(value bitmap_cvg))," \
        "crashes $(value saved_crashes), hangs $(value saved_hangs)"
    found=$(find "$findings/default/crashes" "$findings/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
    if [ "$found" -gt 0 ]; then
        status=1
        echo "fuzz.sh: $target: $found inputs saved as crashes or hangs; replayed (copy each into tests/Fuzz/regressions/$target/):" >&2
        dotnet "$plain/CallRules.Fuzz.dll" replay "$target" "$findings/default/crashes" "$findings/default/hangs" >&2 || true
    fi
done
exit $status
