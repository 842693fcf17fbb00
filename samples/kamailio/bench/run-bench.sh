#!/bin/sh
# The SIP server benchmark (docs/performance.md, "The SIP server at scale"): builds the callrules CLI and runs
# bench.py, which compiles 1,000, 10,000 and 50,000 connections and measures the sample against a plain
# forwarding Kamailio in one run, then a 2-node cluster against one node. Needs what install-deps.sh installs.
# Takes about fifteen minutes.
#   usage: run-bench.sh [bench.py options]     (e.g. --sizes 1000,10000 --calls 3000; --parts cluster: only the
#          2-node cluster against one node at the largest size, with bursts split across the nodes and a node joining)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cli=$(mktemp -d)
trap 'rm -rf "$cli"' EXIT
dotnet build "$root/runtime/CallRules.Cli" -c Release -o "$cli" -v quiet -nologo >&2
python=/usr/bin/python3
[ -x "$python" ] || python=python3
"$python" "$here/bench.py" --cli "$cli/callrules.dll" "$@"
