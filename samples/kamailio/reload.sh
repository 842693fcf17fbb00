#!/bin/sh
# Makes the server that run.sh started on <port> load the current content of its call-rule file.
#   usage: reload.sh [-a ADDRESS] <port>   the server run.sh started on that port (and address, if run.sh had -a)
#          reload.sh -c <cluster file>     every node of the cluster (run.sh -c) that runs on this machine
# The file is checked whole first; an invalid one is refused (file:line: message on stderr, exit 1)
# and the server keeps the rules it has (with -c: every node keeps them). A valid one is swapped in at once:
# every call after the swap sees only the new rules; calls in progress and the call counts are kept. With -c
# the new rules are written for every node before any node swaps. Replace the file atomically (callrules
# compile does: it renames a complete new file over the old one) before running this.
set -eu

usage() {
    echo "usage: $0 [-a ADDRESS] <port> | $0 -c <cluster file>" >&2
    exit 2
}
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${CALLRULES_STATE_DIR:-}" ]; then
    state_root=$CALLRULES_STATE_DIR
elif [ -n "${XDG_RUNTIME_DIR:-}" ]; then
    state_root=$XDG_RUNTIME_DIR/callrules
else
    state_root=/tmp/callrules-$(id -u)
fi
# The same Python as run.sh's loader (see there).
python=${CALLRULES_PYTHON:-}
if [ -z "$python" ]; then
    if [ -x /usr/bin/python3 ]; then python=/usr/bin/python3; else python=python3; fi
fi
if [ $# -eq 2 ] && [ "$1" = -c ]; then
    exec "$python" "$here/callrules_cluster.py" reload "$2" "$state_root"
fi
folder=
if [ $# -eq 3 ] && [ "$1" = -a ]; then
    [ "$2" = 127.0.0.1 ] || folder="$2-"
    shift 2
fi
[ $# -eq 1 ] || usage
case $1 in
    ''|*[!0-9]*) echo "reload.sh: port must be a number, got '$1'" >&2; exit 2 ;;
esac
# run.sh names the state folder <port>, or <address>-<port> when started with -a and another address.
exec "$python" "$here/callrules_db.py" reload "$state_root/$folder$1"
