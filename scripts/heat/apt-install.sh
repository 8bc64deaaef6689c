#!/usr/bin/env bash
# apt-install.sh PACKAGE... - install the Debian packages among PACKAGE that are missing.
#
# Shared by scripts/heat/install.sh and scripts/pdns/install.sh. Runs `apt-get update` at most
# once an hour (package lists fresher than that are used as they are), waits for a dpkg lock held
# by another apt, and never lets a package's maintainer scripts start a daemon: while it
# installs, a policy-rc.d that refuses every start is in place unless the machine has one already.
set -euo pipefail

missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  own_policy=1
fi
cleanup() { if [ "$own_policy" = 1 ]; then $SUDO rm -f "$policy"; fi; }
trap cleanup EXIT

if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -60 2>/dev/null | head -1)" ]; then
  echo "apt-get update"
  $SUDO apt-get update -q -o DPkg::Lock::Timeout=600
fi
echo "installing: ${missing[*]}"
for attempt in 1 2 3; do
  if $SUDO apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"; then
    exit 0
  fi
  echo "apt-get install failed (attempt $attempt); retrying in 10 s" >&2
  sleep 10
done
exit 1
