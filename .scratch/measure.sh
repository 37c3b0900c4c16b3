#!/bin/bash
# warm-up then measured load; prints CPU per run by process group
cd /work/main
node_modules/.bin/deno run -A dev/stack.ts script .scratch/load.ts ${WARM:-500} 32 >/dev/null
N=${N:-2000} python3 .scratch/cpu.py node_modules/.bin/deno run -A dev/stack.ts script .scratch/load.ts ${N:-2000} 32
