#!/usr/bin/env bash
# Installs what the local stack needs, only what is missing, so `npm start` and `npm test`
# work on a fresh Debian machine with no earlier `npm install`. Idempotent and quiet when done.
set -euo pipefail
cd "$(dirname "$0")/.."

# pg_prove (pgTAP's runner) comes from libtap-parser-sourcehandler-pgtap-perl, not the extension.
apt_packages=(postgresql-15 postgresql-contrib postgresql-15-cron postgresql-15-pgtap postgresql-15-rum
  postgresql-15-plpgsql-check libtap-parser-sourcehandler-pgtap-perl redis-server chromium)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # The Debian postgresql package would create and start a default cluster on 5432; we make our own.
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages: reinstall when package-lock.json changed since the last install.
stamp=node_modules/.promptline-install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "installing npm packages"
  # `npm install --no-save` rather than `npm ci`: the lock lists other platforms' optional
  # binaries (supabase CLI, deno) that this registry mirror may not carry; npm ci refuses
  # such a lock while npm install skips the missing optional packages.
  npm install --no-save --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
