#!/bin/sh
# Starts the CallRules SIP server in the foreground on 127.0.0.1, enforcing a call-rule file as it is.
#   usage: run.sh [-m MB] [-w WORKERS] [-a ADDRESS] [-c CLUSTER FILE] <call-rule file> [port]
#     port      UDP and TCP port, 5060 by default
#     -m MB     shared memory; by default computed from the rules plus room for about 2,000 calls a second
#     -w N      UDP worker processes (8 by default); TCP gets half as many
#     -a ADDR   the IPv4 address to listen on (127.0.0.1 by default; reload.sh -a ADDR <port> then reloads it)
#     -c FILE   run as a node of the cluster that FILE lists (one address:port a line; ADDR:port must be one
#               of them): see cluster/README.md
# The file is checked whole before anything starts: an invalid file exits non-zero naming the file and
# line. reload.sh <port> makes the running server load the file again. Kamailio logs to stderr; stop it
# with Ctrl-C or SIGTERM to the PID this script had (it execs Kamailio).
# State (the rules database, the calls in progress across restarts, the RPC socket) lives in
# $CALLRULES_STATE_DIR/<port>, by default $XDG_RUNTIME_DIR/callrules/<port>, else /tmp/callrules-<uid>/<port>
# (<address>-<port> instead of <port> with -a).
set -eu

usage() {
    echo "usage: $0 [-m MB] [-w WORKERS] [-a ADDRESS] [-c CLUSTER FILE] <call-rule file> [port]" >&2
    exit 2
}
number() {
    case $2 in
        ''|*[!0-9]*) echo "run.sh: $1 must be a number, got '$2'" >&2; exit 2 ;;
    esac
}

shm=
workers=8
address=127.0.0.1
cluster=
while [ $# -gt 0 ]; do
    case $1 in
        -m) [ $# -ge 2 ] || usage; number "-m" "$2"; shm=$2; shift 2 ;;
        -w) [ $# -ge 2 ] || usage; number "-w" "$2"; workers=$2; shift 2 ;;
        -a) [ $# -ge 2 ] || usage
            case $2 in
                *[!0-9.]*|'') echo "run.sh: -a must be an IPv4 address, got '$2'" >&2; exit 2 ;;
            esac
            address=$2; shift 2 ;;
        -c) [ $# -ge 2 ] || usage; cluster=$2; shift 2 ;;
        --) shift; break ;;
        -*) usage ;;
        *) break ;;
    esac
done
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    usage
fi
rules=$1
port=${2:-5060}
number port "$port"
[ "$workers" -ge 1 ] || { echo "run.sh: -w must be at least 1" >&2; exit 2; }
if [ ! -f "$rules" ] || [ ! -r "$rules" ]; then
    echo "run.sh: cannot read call-rule file: $rules" >&2
    exit 2
fi
# The loader runs on the Python that Kamailio's app_python3 embeds (Debian's), so both read the rules the same
# way; CALLRULES_PYTHON overrides it.
python=${CALLRULES_PYTHON:-}
if [ -z "$python" ]; then
    if [ -x /usr/bin/python3 ]; then python=/usr/bin/python3; else python=python3; fi
fi
for tool in kamailio kamcmd "$python"; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "run.sh: $tool is not installed (see install-deps.sh)" >&2
        exit 127
    fi
done

here=$(cd "$(dirname "$0")" && pwd)
rules="$(cd "$(dirname "$rules")" && pwd)/$(basename "$rules")"
if [ -n "${CALLRULES_STATE_DIR:-}" ]; then
    state_root=$CALLRULES_STATE_DIR
elif [ -n "${XDG_RUNTIME_DIR:-}" ]; then
    state_root=$XDG_RUNTIME_DIR/callrules
else
    state_root=/tmp/callrules-$(id -u)
fi
if [ "$address" = 127.0.0.1 ]; then
    state="$state_root/$port"
else
    state="$state_root/$address-$port"
fi
umask 077
mkdir -p "$state"
chmod 700 "$state_root" "$state"
database="$state/rules.db"

# Check the file and write its tables (nothing is read again when the file has not changed since).
facts=$("$python" "$here/callrules_db.py" prepare "$rules" "$database")
rows=$(echo "$facts" | sed -n 's/^rows=//p')
bytes=$(echo "$facts" | sed -n 's/^bytes=//p')
connections=$(echo "$facts" | sed -n 's/^connections=//p')

# Hash tables with a slot per row (2^size >= rows), so a lookup reads one short chain.
size=10
while [ $((1 << size)) -lt "$rows" ] && [ $size -lt 22 ]; do size=$((size + 1)); done
# Shared memory: one generation of rules costs about 128 bytes a row plus its text; a reload holds two
# for a moment. The slot arrays cost 32 bytes a slot each. Then 64 MB for Kamailio itself and 192 MB for
# the calls (transactions and dialogs: enough for about 2,000 calls a second).
mb=1048576
tables=$(( (rows * 128 + bytes) / mb + 1 ))
if [ -z "$shm" ]; then
    shm=$(( 64 + 2 * tables + 2 * (32 << size) / mb + 192 ))
fi
# Private memory of each process (the rules are streamed into shared memory, never held here).
pkg=16

CALLRULES_DB=$database
export CALLRULES_DB
config="$here/kamailio.cfg"
if [ -n "$cluster" ]; then
    # Cluster mode: the node's number, its peers' probe list and a configuration that adds the other nodes as DMQ
    # notification addresses (callrules_cluster.py node-config checks the cluster file and writes both).
    cluster="$(cd "$(dirname "$cluster")" && pwd)/$(basename "$cluster")"
    node_id=$("$python" "$here/callrules_cluster.py" node-config "$cluster" "$address:$port" "$config" "$state")
    config="$state/node.cfg"
    CALLRULES_CLUSTER=$cluster
    CALLRULES_NODE=$address:$port
    export CALLRULES_CLUSTER CALLRULES_NODE
fi
cat > "$state/server.conf" <<EOF
rules=$rules
database=$database
control=$state/ctl.sock
pid=$$
port=$port
EOF
echo "callrules: loaded $connections connection(s) from $rules ($rows table rows; -m $shm -M $pkg; state in $state)" >&2
[ -z "$cluster" ] || echo "callrules: node $node_id of the cluster in $cluster, at $address:$port" >&2

# -DD: stay in the foreground; -E: log to stderr. exec, so the caller's PID is Kamailio's.
# -x tlsf: the O(1) memory manager; the default (qm) loads a large rule set far more slowly (docs/performance.md).
exec kamailio -DD -E -x tlsf -m "$shm" -M "$pkg" -n "$workers" \
    -f "$config" \
    -A "CALLRULES_PY=\"$here/callrules.py\"" \
    -A "LISTEN_UDP=udp:$address:$port" \
    -A "LISTEN_TCP=tcp:$address:$port" \
    -A "DB_URL=\"sqlite://$database\"" \
    -A "CTL_SOCKET=\"unixs:$state/ctl.sock\"" \
    -A "HT_CR0=\"cr0=>size=$size;\"" \
    -A "HT_CR1=\"cr1=>size=$size;\"" \
    -A "TCP_WORKERS=$(( (workers + 1) / 2 ))"
