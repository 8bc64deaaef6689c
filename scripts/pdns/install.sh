#!/usr/bin/env bash
# install.sh - install PowerDNS (Debian 12: pdns-server 4.7 with the SQLite backend) when missing.
# Its packaged service is not started (see ../heat/apt-install.sh); scripts/pdns/start.sh runs
# an instance of its own. dnsutils brings dig, for looking at the records it serves.
set -euo pipefail
HERE=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
"$HERE/../heat/apt-install.sh" pdns-server pdns-backend-sqlite3 sqlite3 curl dnsutils
