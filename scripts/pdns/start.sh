#!/usr/bin/env bash
# start.sh - run a PowerDNS authoritative server of its own: SQLite backend in a state dir, DNS
# and the HTTP API on free loopback ports, and the zones in PDNS_ZONES created (empty but for
# SOA and NS). Prints PDNS_API_URL, PDNS_API_KEY, PDNS_DNS_PORT and PDNS_STATE_DIR.
#
#   eval "$(scripts/pdns/start.sh)"
#   curl -s -H "X-API-Key: $PDNS_API_KEY" "$PDNS_API_URL/api/v1/servers/localhost/zones/example.org."
#   dig @127.0.0.1 -p "$PDNS_DNS_PORT" www.example.org. A +short
#   scripts/pdns/stop.sh
#
# Environment:
#   PDNS_STATE_DIR   database, configuration and PID file (default ${TMPDIR:-/tmp}/stackhook-pdns);
#                    the database is kept across restarts unless PDNS_FRESH=1
#   PDNS_API_PORT    HTTP API port (default: a free one)    PDNS_DNS_PORT  DNS port (default: a free one)
#   PDNS_API_KEY     the API key (default stackhook-dev)
#   PDNS_ZONES       zones to create when missing (default "example.org.")
set -euo pipefail
STATE=${PDNS_STATE_DIR:-${TMPDIR:-/tmp}/stackhook-pdns}
mkdir -p "$STATE"
STATE=$(CDPATH= cd -- "$STATE" && pwd)
KEY=${PDNS_API_KEY:-stackhook-dev}
ZONES=${PDNS_ZONES:-example.org.}
SCHEMA=/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

[ -x /usr/sbin/pdns_server ] && [ -f "$SCHEMA" ] || { echo "PowerDNS is not installed; run scripts/pdns/install.sh" >&2; exit 1; }
if [ -f "$STATE/run/pdns.pid" ] && kill -0 "$(cat "$STATE/run/pdns.pid")" 2>/dev/null; then
  echo "PowerDNS is already running from $STATE (pid $(cat "$STATE/run/pdns.pid")); run scripts/pdns/stop.sh first" >&2
  exit 1
fi
API_PORT=${PDNS_API_PORT:-$(free_port)}
DNS_PORT=${PDNS_DNS_PORT:-$(free_port)}
mkdir -p "$STATE/etc" "$STATE/run" "$STATE/logs"
if [ "${PDNS_FRESH:-0}" = 1 ]; then rm -f "$STATE/pdns.sqlite3"; fi
[ -f "$STATE/pdns.sqlite3" ] || sqlite3 "$STATE/pdns.sqlite3" < "$SCHEMA"

cat > "$STATE/etc/pdns.conf" <<CONF
launch=gsqlite3
gsqlite3-database=$STATE/pdns.sqlite3
local-address=127.0.0.1
local-port=$DNS_PORT
socket-dir=$STATE/run
guardian=no
daemon=no
disable-syslog=yes
log-timestamp=yes
loglevel=4
webserver=yes
webserver-address=127.0.0.1
webserver-port=$API_PORT
webserver-allow-from=127.0.0.0/8
api=yes
api-key=$KEY
# answers show changes at once (tests read right after writing)
cache-ttl=0
negquery-cache-ttl=0
query-cache-ttl=0
CONF

setsid /usr/sbin/pdns_server --config-dir="$STATE/etc" > "$STATE/logs/pdns.out" 2>&1 < /dev/null &
echo $! > "$STATE/run/pdns.pid"

API=http://127.0.0.1:$API_PORT
for _ in $(seq 1 100); do
  curl -sf -o /dev/null -H "X-API-Key: $KEY" "$API/api/v1/servers/localhost" && break
  if ! kill -0 "$(cat "$STATE/run/pdns.pid")" 2>/dev/null; then
    echo "pdns_server exited; the end of $STATE/logs/pdns.out:" >&2; tail -20 "$STATE/logs/pdns.out" >&2
    rm -f "$STATE/run/pdns.pid"; exit 1
  fi
  sleep 0.1
done
curl -sf -o /dev/null -H "X-API-Key: $KEY" "$API/api/v1/servers/localhost" \
  || { echo "the PowerDNS API did not answer within 10 s" >&2; exit 1; }

for zone in $ZONES; do
  if ! curl -sf -o /dev/null -H "X-API-Key: $KEY" "$API/api/v1/servers/localhost/zones/$zone"; then
    curl -sf -o /dev/null -H "X-API-Key: $KEY" -H 'Content-Type: application/json' -X POST \
      -d "{\"name\": \"$zone\", \"kind\": \"Native\", \"nameservers\": [\"ns1.$zone\"]}" \
      "$API/api/v1/servers/localhost/zones" || { echo "could not create the zone $zone" >&2; exit 1; }
  fi
done

echo "PDNS_API_URL=$API"
echo "PDNS_API_KEY=$KEY"
echo "PDNS_DNS_PORT=$DNS_PORT"
echo "PDNS_STATE_DIR=$STATE"
