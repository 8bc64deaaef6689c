#!/usr/bin/env bash
# start.sh - run OpenStack Heat 19 standalone, pointed at stackhook as its Mistral (workflowv2).
#
#   STACKHOOK_URL=http://127.0.0.1:8989 scripts/heat/start.sh
#
# One `heat-all` process (API + engine), no Keystone and no RabbitMQ:
#   * transport_url = fake://   in-process RPC, valid because API and engine share the process
#   * paste flavor noauth       every request gets the token body in etc/token.json, whose service
#                               catalog lists STACKHOOK_URL/v2 as `workflowv2`
#   * FakeKeystoneClient, deferred_auth_method = password: Heat never calls Keystone
#   * SQLite, made safe with sqlite-autoincrement.py (Heat relies on ids never being reused)
# Clients still have to send some X-Auth-Token; Heat forwards it to stackhook as it is:
#   openstack --os-auth-type admin_token --os-token dev --os-endpoint "$HEAT_URL" stack list
#
# Environment:
#   STACKHOOK_URL     stackhook's base URL (default http://127.0.0.1:8989)
#   HEAT_STATE_DIR    configuration, database, logs and PID file (default ${TMPDIR:-/tmp}/stackhook-heat);
#                     wiped at start unless KEEP_DB=1
#   HEAT_PORT         API port on 127.0.0.1 (default: a free one)
#   HEAT_DEBUG=true   debug logging in $HEAT_STATE_DIR/logs/heat.log
#   HEAT_CONVERGENCE  true (default) or false for the legacy engine
# Prints HEAT_URL=... and HEAT_STATE_DIR=... on success. Stop it with scripts/heat/stop.sh.
set -euo pipefail
HERE=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3   # Debian's interpreter: the one that sees python3-heat
STACKHOOK_URL=${STACKHOOK_URL:-http://127.0.0.1:8989}
STACKHOOK_URL=${STACKHOOK_URL%/}
STATE=${HEAT_STATE_DIR:-${TMPDIR:-/tmp}/stackhook-heat}
mkdir -p "$STATE"
STATE=$(CDPATH= cd -- "$STATE" && pwd)
ETC=$STATE/etc VAR=$STATE/var LOGS=$STATE/logs RUN=$STATE/run BIN=$STATE/bin

if [ -f "$RUN/heat.pid" ] && kill -0 "$(cat "$RUN/heat.pid")" 2>/dev/null; then
  echo "Heat is already running from $STATE (pid $(cat "$RUN/heat.pid")); run scripts/heat/stop.sh first" >&2
  exit 1
fi
"$PY" -c 'import heat.cmd.all' 2>/dev/null || { echo "Heat is not installed; run scripts/heat/install.sh" >&2; exit 1; }

if [ "${KEEP_DB:-0}" != 1 ]; then rm -rf "$ETC" "$VAR" "$LOGS"; fi
mkdir -p "$ETC/environment.d" "$ETC/templates" "$VAR" "$LOGS" "$RUN" "$BIN" "$STATE/plugins"
HEAT_PORT=${HEAT_PORT:-$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
HEAT_URL=http://127.0.0.1:$HEAT_PORT/v1/admin

# Console scripts of the heat-api/heat-common packages, which are not installed (see install.sh).
for cmd in all manage; do
  printf '#!%s\nimport sys\nfrom heat.cmd.%s import main\nsys.exit(main())\n' "$PY" "$cmd" > "$BIN/heat-$cmd"
  chmod +x "$BIN/heat-$cmd"
done

# The Keystone v3 token body the noauth middleware hands to every request: admin in project
# "admin", and a catalog naming Heat itself and stackhook.
"$PY" - "$ETC/token.json" "$HEAT_URL" "$STACKHOOK_URL" <<'PYEOF'
import datetime, json, sys
path, heat_url, stackhook_url = sys.argv[1:]
def service(kind, name, url):
    return {'type': kind, 'name': name, 'id': name,
            'endpoints': [{'id': f'{name}-{i}', 'interface': i, 'region': 'RegionOne',
                           'region_id': 'RegionOne', 'url': url} for i in ('public', 'internal', 'admin')]}
now = datetime.datetime.now(datetime.timezone.utc)
stamp = lambda t: t.strftime('%Y-%m-%dT%H:%M:%S.000000Z')
who = {'id': 'admin', 'name': 'admin', 'domain': {'id': 'default', 'name': 'Default'}}
body = {'token': {
    'methods': ['password'], 'is_domain': False, 'audit_ids': ['stackhook-heat'],
    'issued_at': stamp(now), 'expires_at': stamp(now + datetime.timedelta(days=3650)),
    'user': who, 'project': who, 'roles': [{'id': 'admin', 'name': 'admin'}],
    'catalog': [service('orchestration', 'heat', heat_url),
                service('workflowv2', 'stackhook', stackhook_url + '/v2'),
                service('identity', 'keystone', stackhook_url + '/v3')]}}
with open(path, 'w') as f:
    json.dump(body, f, indent=1)
PYEOF

cat > "$ETC/api-paste.ini" <<'INI'
[pipeline:heat-api-noauth]
pipeline = faultwrap noauth context versionnegotiation apiv1app

[app:apiv1app]
paste.app_factory = heat.common.wsgi:app_factory
heat.app_factory = heat.api.openstack.v1:API

[filter:noauth]
paste.filter_factory = heat.common.noauth:filter_factory

[filter:context]
paste.filter_factory = heat.common.context:ContextMiddleware_filter_factory

[filter:versionnegotiation]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.openstack:version_negotiation_filter

[filter:faultwrap]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.openstack:faultwrap_filter
INI


cat > "$ETC/heat.conf" <<CONF
[DEFAULT]
debug = ${HEAT_DEBUG:-false}
log_file = $LOGS/heat.log
transport_url = fake://
rpc_response_timeout = 600
deferred_auth_method = password
keystone_backend = heat.engine.clients.os.keystone.fake_keystoneclient.FakeKeystoneClient
num_engine_workers = 1
convergence_engine = ${HEAT_CONVERGENCE:-true}
max_nested_stack_depth = 10
heat_metadata_server_url = http://127.0.0.1:$HEAT_PORT/
plugin_dirs = $STATE/plugins
environment_dir = $ETC/environment.d
template_dir = $ETC/templates
host = stackhook-heat
# lets `openstack stack abandon` drop a stack whose delete workflow keeps failing
enable_stack_abandon = true

[heat_all]
enabled_services = api,engine

[heat_api]
# one green-thread pool inside this process (0 would fork a worker per core)
workers = 1
bind_host = 127.0.0.1
bind_port = $HEAT_PORT

[database]
connection = sqlite:///$VAR/heat.sqlite

[paste_deploy]
flavor = noauth
api_paste_config = $ETC/api-paste.ini

[noauth]
token_response = $ETC/token.json

[oslo_policy]
policy_file = $ETC/policy.yaml
CONF
echo '{}' > "$ETC/policy.yaml"

if [ ! -f "$VAR/heat.sqlite" ]; then
  "$BIN/heat-manage" --config-file "$ETC/heat.conf" db_sync > "$LOGS/db_sync.log" 2>&1 \
    || { echo "heat-manage db_sync failed:" >&2; tail -20 "$LOGS/db_sync.log" >&2; exit 1; }
fi
"$PY" "$HERE/sqlite-autoincrement.py" "$VAR/heat.sqlite" >> "$LOGS/db_sync.log"

setsid "$BIN/heat-all" --config-file "$ETC/heat.conf" > "$LOGS/heat-all.out" 2>&1 < /dev/null &
echo $! > "$RUN/heat.pid"

# Ready when a stack list answers: that is an RPC round trip through the engine.
for _ in $(seq 1 240); do
  if curl -sf -o /dev/null -H 'X-Auth-Token: start' "$HEAT_URL/stacks"; then
    echo "HEAT_URL=$HEAT_URL"
    echo "HEAT_STATE_DIR=$STATE"
    exit 0
  fi
  if ! kill -0 "$(cat "$RUN/heat.pid")" 2>/dev/null; then
    echo "heat-all exited; the end of $LOGS/heat-all.out:" >&2
    tail -20 "$LOGS/heat-all.out" >&2
    rm -f "$RUN/heat.pid"
    exit 1
  fi
  sleep 0.25
done
echo "Heat did not answer within 60 s; see $LOGS/heat.log" >&2
exit 1
