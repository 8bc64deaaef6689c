#!/usr/bin/env bash
# stop.sh - stop the PowerDNS that start.sh started, by the PID it recorded (same PDNS_STATE_DIR).
set -uo pipefail
STATE=${PDNS_STATE_DIR:-${TMPDIR:-/tmp}/stackhook-pdns}
exec bash "$(dirname -- "${BASH_SOURCE[0]}")/../lib/stop-by-pidfile.sh" "$STATE/run/pdns.pid" pdns_server
