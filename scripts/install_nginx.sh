#!/usr/bin/env bash
# Installs Debian's nginx (with its brotli modules and the brotli compressor, where the release has
# them) for `make serve`, without starting Debian's nginx service: `make serve` runs its own nginx
# in the foreground. As root only; otherwise says what to run.
set -euo pipefail

if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "make serve needs Debian's nginx: sudo apt-get install nginx libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static brotli" >&2
  exit 1
fi
apt-get update -qq
packages=(nginx)
for optional in libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static brotli; do
  if apt-cache show "$optional" >/dev/null 2>&1; then packages+=("$optional"); fi
done
# Debian starts a package's service on install unless /usr/sbin/policy-rc.d says no (exit 101);
# the system nginx would then take port 80. Say no for this install only, if nothing says so yet.
own_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  own_policy=/usr/sbin/policy-rc.d
  printf '#!/bin/sh\nexit 101\n' >"$own_policy" && chmod 755 "$own_policy"
  trap 'rm -f "$own_policy"' EXIT
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
