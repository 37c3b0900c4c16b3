#!/bin/bash
# A/B the pointer trigger: deferred (B) vs at insert (A), alternating
cd /work/main
U=postgresql://postgres:postgres@127.0.0.1:54322/postgres
for i in 1 2 3; do
  for mode in immediate deferred; do
    if [ $mode = immediate ]; then
      psql $U -qc "drop trigger runs_point_prompt on public.runs; create trigger runs_point_prompt after insert on public.runs for each row execute function public.point_prompt_to_new_run();"
    else
      psql $U -qc "drop trigger runs_point_prompt on public.runs; create constraint trigger runs_point_prompt after insert on public.runs deferrable initially deferred for each row execute function public.point_prompt_to_new_run();"
    fi
    echo -n "$mode: "; node_modules/.bin/deno run -A dev/stack.ts script .scratch/load.ts 1500 32
  done
done
