#!/usr/bin/env bash
# stop.sh - stop the Heat that start.sh started, by the PID it recorded (same HEAT_STATE_DIR).
# SIGTERM first, SIGKILL after 10 s.
set -uo pipefail
STATE=${HEAT_STATE_DIR:-${TMPDIR:-/tmp}/stackhook-heat}
exec bash "$(dirname -- "${BASH_SOURCE[0]}")/../lib/stop-by-pidfile.sh" "$STATE/run/heat.pid" heat-all
