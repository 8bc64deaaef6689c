#!/usr/bin/env bash
# stop.sh - stop the Heat that start.sh started, by the PID it recorded (same HEAT_STATE_DIR).
# SIGTERM first, SIGKILL after 10 s.
set -uo pipefail
STATE=${HEAT_STATE_DIR:-${TMPDIR:-/tmp}/stackhook-heat}
pidfile=$STATE/run/heat.pid
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  echo "stopped heat-all (pid $pid)"
fi
rm -f "$pidfile"
