#!/usr/bin/env bash
# The CLI at scale, as a process, against native I/O floors, in one run (docs/performance.md):
#
#   tests/Benchmarks/scale/run-scale.sh [options]
#
# Builds the floor programs (tests/Benchmarks/scale/Floor) and the CLI (Native AOT and JIT), writes 100,000 minified
# definitions as one file and as 1,000 files into a temporary folder, runs validate, compile and the floors five times
# in interleaved rounds, prints wall time (median), CPU ÷ wall, peak RSS and the ratios, and deletes the folder.
# Options (all optional): --definitions N --files N --runs N --no-jit --no-native --indented --nice N
#   --work <dir> (build and write there, and keep it) --floor/--native/--jit <path> (measure a given build)
#   --results <file.md> (also write the table there). Peak RSS needs GNU time (apt-get install -y time).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
exec dotnet run -c Release --project "$repo/tests/Benchmarks" -- --scale "$@"
