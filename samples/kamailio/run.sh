#!/bin/sh
# Starts the sample SIP server in the foreground on 127.0.0.1, enforcing a call-rule file as it is.
#   usage: run.sh <call-rule file> [port]      (port defaults to 5060; UDP and TCP)
# Kamailio logs to stderr; stop it with Ctrl-C or SIGTERM to the PID this script had (it execs).
# A call-rule file the server cannot enforce makes it exit non-zero, naming the file and line.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 <call-rule file> [port]" >&2
    exit 2
fi
rules=$1
port=${2:-5060}
case $port in
    ''|*[!0-9]*) echo "run.sh: port must be a number, got '$port'" >&2; exit 2 ;;
esac
if [ ! -f "$rules" ] || [ ! -r "$rules" ]; then
    echo "run.sh: cannot read call-rule file: $rules" >&2
    exit 2
fi
if ! command -v kamailio >/dev/null 2>&1; then
    echo "run.sh: kamailio is not installed (see install-deps.sh)" >&2
    exit 127
fi

here=$(cd "$(dirname "$0")" && pwd)
rules_dir=$(cd "$(dirname "$rules")" && pwd)
CALLRULES_FILE="$rules_dir/$(basename "$rules")"
export CALLRULES_FILE

# -DD: stay in the foreground; -E: log to stderr. exec, so the caller's PID is Kamailio's.
exec kamailio -DD -E -m 64 -M 8 \
    -f "$here/kamailio.cfg" \
    -A "CALLRULES_PY=\"$here/callrules.py\"" \
    -A "LISTEN_UDP=udp:127.0.0.1:$port" \
    -A "LISTEN_TCP=tcp:127.0.0.1:$port"
