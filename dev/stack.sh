#!/usr/bin/env bash
# Entry point of every `npm run stack:*` script: install what is missing, then hand over to
# the Deno supervisor (dev/stack.ts). Works with no earlier `npm install`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash dev/install.sh
exec node_modules/.bin/deno run --allow-all --quiet dev/stack.ts "$@"
