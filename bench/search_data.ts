// The data set of bench:search, generated in the bench's own cluster with set-based SQL: `users`
// accounts (through auth.users, so the sign-up trigger makes their profiles and settings), one
// heavy user with 5% of the prompts, the rest spread evenly; 8 catalogs and 12 tags each; every
// prompt inserted into public.prompts, a third tagged through public.prompt_tags, and every version
// inserted into public.prompt_versions, so each row goes through the tables' real triggers
// (numbering, current-version pointer, search vector, tag guard). Texts come from the demo CSV:
// a prompt's title is a CSV title with a variant word, its content that row's prompt followed by
// the first sentence of another row. Every other prompt also has an older version past the
// 30-day retention (half of the prompts: 500,000 at the default scale), the expired versions the
// retention phase prunes. The heavy user also has runs over the last 30 days, for usage and
// metrics.
import type postgres from "postgres";
import { findDemoCsv } from "../dev/demo_csv.ts";
import { parsePromptCsv } from "../supabase/functions/_shared/prompt_csv.ts";

export interface DataShape {
  prompts: number;
  users: number;
  heavyPrompts: number;
  heavyRuns: number;
  /** Every n-th prompt has an expired version (2: half of them). */
  expiredEvery: number;
}

/**
 * The shape at a scale (total prompts): 1,000 users per million, the heavy one with 5% (or
 * `heavy` prompts), the others sharing the rest.
 */
export function shapeAt(scale: number, heavy?: number, expiredEvery = 2): DataShape {
  const heavyPrompts = heavy ?? Math.round(scale * 0.05);
  const users = Math.max(2, Math.round((scale - heavyPrompts) / 950));
  const heavyRuns = Math.round(heavyPrompts * 0.4);
  return { prompts: scale, users, heavyPrompts, heavyRuns, expiredEvery };
}

export interface Generated {
  heavyUserId: string;
  seconds: Record<string, number>;
  rows: Record<string, number>;
}

const catalogNames = [
  "Writing",
  "Development",
  "Marketing",
  "Education",
  "Fun",
  "Business",
  "Research",
  "Images",
];
const tagNames = [
  "developer",
  "writing",
  "marketing",
  "teaching",
  "games",
  "business",
  "research",
  "image",
  "favorite",
  "draft",
  "team",
  "review",
];
const titleVariants = [
  "",
  "draft",
  "v2",
  "for teams",
  "short",
  "detailed",
  "EN",
  "formal",
  "quick",
];

/** Prompts are written in slices of about this many (whole users), each one transaction. */
const slice = 25_000;

export async function generate(
  sql: postgres.Sql,
  shape: DataShape,
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<Generated> {
  const seconds: Record<string, number> = {};
  const timed = async (name: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    seconds[name] = Math.round((performance.now() - t0) / 100) / 10;
    log(`${name}: ${seconds[name]} s`);
  };

  const csv = parsePromptCsv(await Deno.readTextFile(await findDemoCsv(env)));
  await sql`create schema if not exists bench`;
  await sql`drop table if exists bench.texts, bench.users`;
  await sql`create table bench.texts (n int primary key, title text, content text, for_devs boolean)`;
  await sql`insert into bench.texts ${
    sql(csv.map((p, n) => ({ n, title: p.title, content: p.content, for_devs: p.forDevs })))
  }`;
  const texts = csv.length;

  await timed("users, catalogs and tags", async () => {
    // User 0 is the heavy one; the others share the rest of the prompts. first_prompt and
    // prompt_count place each user's prompts in the global numbering 0 .. prompts - 1.
    await sql`
      create table bench.users as
      select g - 1 as n, extensions.gen_random_uuid() as id,
        case when g = 1 then 0
          else ${shape.heavyPrompts}::bigint + (g - 2)::bigint * (${
      shape.prompts - shape.heavyPrompts
    }::bigint / ${shape.users - 1}) end as first_prompt,
        case when g = 1 then ${shape.heavyPrompts}::bigint
          when g = ${shape.users} then ${shape.prompts - shape.heavyPrompts}::bigint - (${
      shape.users - 2
    }::bigint * (${shape.prompts - shape.heavyPrompts}::bigint / ${shape.users - 1}))
          else ${shape.prompts - shape.heavyPrompts}::bigint / ${
      shape.users - 1
    } end as prompt_count
      from generate_series(1, ${shape.users}) g`;
    await sql`
      insert into auth.users (id, aud, role, email, raw_user_meta_data, raw_app_meta_data, created_at, updated_at)
      select u.id, 'authenticated', 'authenticated', 'bench-' || u.n || '@bench.local', '{}', '{}', now(), now()
      from bench.users u`;
    await sql`
      insert into public.catalogs (user_id, name)
      select u.id, c.name from bench.users u, unnest(${catalogNames}::text[]) c (name)`;
    await sql`
      insert into public.tags (user_id, name)
      select u.id, t.name from bench.users u, unnest(${tagNames}::text[]) t (name)`;
    // Statistics before the triggers plan their lookups (a tags table taken for empty is read
    // whole for every search vector).
    await sql`analyze auth.users, public.catalogs, public.tags, bench.texts, bench.users`;
  });

  const perUser = Math.floor((shape.prompts - shape.heavyPrompts) / (shape.users - 1));
  // Slices hold whole users: two connections write side by side (the machine has two cores) and
  // never the same user's rows at once (a user's prompt names are unique, so two writers of one
  // user wait on each other's names and can deadlock).
  const firstPrompt = (n: number) =>
    n === 0 ? 0 : n >= shape.users ? shape.prompts : shape.heavyPrompts + (n - 1) * perUser;
  const usersPerSlice = Math.max(1, Math.floor(slice / perUser));
  const bounds: [number, number][] = [[0, shape.heavyPrompts]];
  for (let n = 1; n < shape.users; n += usersPerSlice) {
    bounds.push([firstPrompt(n), firstPrompt(Math.min(shape.users, n + usersPerSlice))]);
  }
  const slices = bounds.length;
  const writeSlice = async (i: number) => {
    const [lo, hi] = bounds[i]!;
    await sql.begin(async (tx) => {
      // The prompts of [lo, hi): g is the global prompt number, k its number within its user.
      await tx`
        create temporary table slice on commit drop as
        select g, g - u.first_prompt as k, u.id as user_id, extensions.gen_random_uuid() as prompt_id,
          t.title as text_title, t.content as text_content, t.for_devs,
          (select t2.content from bench.texts t2 where t2.n = (g * 7 + 3) % ${texts}) as other_content
        from generate_series(${lo}::bigint, ${hi - 1}::bigint) g
        join bench.users u on u.n = case when g < ${shape.heavyPrompts} then 0
          else least(${shape.users - 1}, 1 + (g - ${shape.heavyPrompts}) / ${perUser}) end
        join bench.texts t on t.n = (g * 7919) % ${texts}`;
      await tx`
        insert into public.prompts (id, user_id, catalog_id, title, description, status, published_at)
        select s.prompt_id, s.user_id, c.id,
          left(s.text_title || case when v.word = '' then '' else ' ' || v.word end, 300),
          case when s.k % 4 = 0 then 'Use it for ' || lower(s.text_title) end,
          case when s.k % 3 = 0 then 'published'::public.prompt_status else 'draft'::public.prompt_status end,
          case when s.k % 3 = 0 then now() end
        from slice s
        cross join lateral (select (${titleVariants}::text[])[1 + s.g % ${titleVariants.length}] as word) v
        join public.catalogs c on c.user_id = s.user_id
          and c.name = (${catalogNames}::text[])[1 + (s.g % ${catalogNames.length})]`;
      // A third of the prompts carry one tag: "developer" for the CSV's developer prompts.
      await tx`
        insert into public.prompt_tags (prompt_id, tag_id, user_id)
        select s.prompt_id, t.id, s.user_id
        from slice s
        join public.tags t on t.user_id = s.user_id
          and t.name = case when s.for_devs then 'developer'
            else (${tagNames}::text[])[1 + (s.g / 3) % ${tagNames.length}] end
        where s.k % 3 = 1`;
      // Every other prompt (expiredEvery): an expired version (45 to 120 days old), then the
      // current one.
      await tx`
        insert into public.prompt_versions (prompt_id, user_id, created_by, content, summary, created_at)
        select s.prompt_id, s.user_id, s.user_id, s.text_content, 'first draft',
          now() - make_interval(days => 45 + (s.g % 76)::int)
        from slice s where s.k % ${shape.expiredEvery} = 0
        order by s.prompt_id`;
      await tx`
        insert into public.prompt_versions (prompt_id, user_id, created_by, content, summary, created_at)
        select s.prompt_id, s.user_id, s.user_id,
          s.text_content || E'\n\n' || split_part(s.other_content, '. ', 1) || '.',
          'revised', now() - make_interval(days => (s.g % 20)::int, mins => (s.g % 1440)::int)
        from slice s
        order by s.prompt_id`;
    });
  };
  // Like any bulk load, the prompts' full-text and trigram indexes (GIN and RUM, which every
  // search-vector change rewrites) are dropped for the load and built once after it; the rows
  // still go through every trigger, and the btree indexes the triggers read stay.
  const searchIndexes = await sql<{ name: string; def: string }[]>`
    select i.indexname as name, i.indexdef as def
    from pg_catalog.pg_indexes i
    join pg_catalog.pg_class c on c.relname = i.indexname
    join pg_catalog.pg_am a on a.oid = c.relam
    where i.schemaname = 'public' and i.tablename = 'prompts' and a.amname in ('gin', 'rum')`;
  for (const { name } of searchIndexes) await sql.unsafe(`drop index public.${name}`);
  await timed("prompts, tags and versions (through the triggers)", async () => {
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < slices) {
        const i = next++;
        await writeSlice(i);
        // Fresh statistics as the tables grow (autovacuum may be later than the next slice).
        if (i % 8 === 1) {
          await sql`analyze public.prompts, public.prompt_versions, public.prompt_tags`;
        }
        done++;
        if (done % 4 === 0 || done === slices) log(`  ${done} of ${slices} slices written`);
      }
    };
    await Promise.all([worker(), worker()]);
  });

  await timed(`search indexes built after the load (${searchIndexes.length})`, async () => {
    await sql.begin(async (tx) => {
      await tx`set local maintenance_work_mem = '1GB'`;
      for (const { def } of searchIndexes) await tx.unsafe(def);
    });
  });

  const [heavy] = await sql<{ id: string }[]>`select id from bench.users where n = 0`;
  const heavyUserId = heavy!.id;

  await timed("runs of the heavy user", async () => {
    // Finished runs over the last 30 days, written as the table owner like the run fixtures
    // (runs are bookkeeping only SQL functions write).
    await sql`
      insert into public.runs (user_id, prompt_id, model, input, status, created_at, started_at,
        completed_at, latency_ms, token_usage, price_snapshot)
      select ${heavyUserId}, p.id, 'standin/echo', '{}'::jsonb,
        'success'::public.run_status,
        at, at, at, 200 + r % 900,
        jsonb_build_object('prompt_tokens', 100 + r % 400, 'completion_tokens', 50 + r % 300),
        jsonb_build_object('price_per_1k_input', 0.00015, 'price_per_1k_output', 0.0006)
      from generate_series(1, ${shape.heavyRuns}) r
      cross join lateral (select now() - make_interval(secs => (r::double precision * 2592000 / ${shape.heavyRuns})) as at) a
      join (select id, row_number() over (order by id) - 1 as i
            from (select id from public.prompts where user_id = ${heavyUserId} limit 500) x) p
        on p.i = r % 500`;
  });

  await timed("vacuum analyze", async () => {
    for (
      const t of ["prompts", "prompt_versions", "prompt_tags", "tags", "catalogs", "runs"]
    ) {
      await sql.unsafe(`vacuum (analyze) public.${t}`);
    }
  });

  const [counts] = await sql<Record<string, number>[]>`
    select (select count(*)::int from public.prompts) as prompts,
      (select count(*)::int from public.prompt_versions) as versions,
      (select count(*)::int from public.prompt_tags) as prompt_tags,
      (select count(*)::int from auth.users) as users,
      (select count(*)::int from public.prompts where user_id = ${heavyUserId}) as heavy_user_prompts,
      (select count(*)::int from public.runs) as runs`;
  return { heavyUserId, seconds, rows: counts! };
}
