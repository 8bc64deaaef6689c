#!/usr/bin/env bash
# stop-by-pidfile.sh PIDFILE NAME - stop the process a start script recorded: SIGTERM, then
# SIGKILL if it is still there after 10 s; remove the PID file. Nothing to do without the file.
set -uo pipefail
pidfile=$1 name=$2
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  echo "stopped $name (pid $pid)"
fi
rm -f "$pidfile"
