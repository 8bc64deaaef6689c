#!/usr/bin/env bash
# install.sh - install OpenStack Heat 19 (Debian 12's packages) and its command-line clients,
# when missing. About a minute and ~175 MiB the first time; a no-op afterwards.
#
# Only the Python packages are installed: heat-all and heat-manage are run from their Python
# entry points by start.sh. The heat-api/heat-engine/heat-common packages would add init
# scripts, a service user, dbconfig-common and uwsgi, none of which a standalone Heat needs.
#   python3-heat           the API and engine (OS::Mistral::ExternalResource included)
#   python3-openstackclient `openstack stack ...`, `openstack orchestration template validate`
#   python3-heatclient     the orchestration plugin of openstackclient
#   python3-mistralclient  what OS::Mistral::ExternalResource talks to the workflowv2 endpoint with
#   sqlite3, curl          the database fix-up check and start.sh's readiness probe
set -euo pipefail
HERE=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
"$HERE/apt-install.sh" python3-heat python3-openstackclient python3-heatclient python3-mistralclient curl
/usr/bin/python3 -c 'import heat.cmd.all, heat.cmd.manage' \
  || { echo "python3-heat is installed but heat cannot be imported by /usr/bin/python3" >&2; exit 1; }
