#!/bin/sh
# Installs what the Kamailio sample and its end-to-end tests need (Debian 12 packages), as root.
# Idempotent: when all three packages are already installed it changes nothing.
#   kamailio                   the SIP server
#   kamailio-python3-modules   app_python3, which runs callrules.py
#   sip-tester                 sipp, the callers and far ends of the end-to-end tests
set -eu
packages="kamailio kamailio-python3-modules sip-tester"
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
