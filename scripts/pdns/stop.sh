#!/usr/bin/env bash
# stop.sh - stop the PowerDNS that start.sh started, by the PID it recorded (same PDNS_STATE_DIR).
set -uo pipefail
STATE=${PDNS_STATE_DIR:-${TMPDIR:-/tmp}/stackhook-pdns}
pidfile=$STATE/run/pdns.pid
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  echo "stopped pdns_server (pid $pid)"
fi
rm -f "$pidfile"
