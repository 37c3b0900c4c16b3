#!/usr/bin/env bash
# `npm test`: installs what is missing, brings the local stack up if needed, runs every check,
# and ends with one line "N passed, N failed". Works with no earlier `npm install`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash dev/install.sh
exec node_modules/.bin/deno run --allow-all --quiet dev/run_checks.ts "$@"
