#!/bin/sh
# Installs what the Kamailio sample and its end-to-end tests need (Debian 12 packages), as root.
# Idempotent: when every package is already installed it changes nothing.
#   kamailio                   the SIP server (and kamcmd, which reload.sh uses); its dmq, dialog and dispatcher
#                              modules run the cluster mode (cluster/README.md)
#   kamailio-python3-modules   app_python3, which runs callrules.py
#   kamailio-sqlite-modules    db_sqlite: the rules database htable loads, and the dialogs kept across restarts
#   python3                    the loader (callrules_db.py) and the unit tests of the Python code
#   sip-tester                 sipp, the callers and far ends of the end-to-end tests
set -eu
packages="kamailio kamailio-python3-modules kamailio-sqlite-modules python3 sip-tester"
missing=
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "install-deps.sh: already installed: $packages"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends $packages
