-- Search indexes that read one owner's rows only (issue 14: at a million prompts a heavy user's
-- common-word search read every user's matches, then dropped the others' by RLS).
-- * RUM (hosted Supabase offers it; locally the Debian package postgresql-15-rum) keeps each
--   lexeme's positions and weights, so it returns matches in rank order (<=>) from the index
--   alone, without reading and ranking every matching row. It indexes owner_search_vector, the
--   search vector with every lexeme prefixed by a token of its owner ("c43a08d0e5d6_develop"):
--   a posting list then holds one user's prompts, and a search reads the caller's matches only.
--   Measured at a million prompts: with the owner as a second RUM key instead, every search
--   decoded all users' lists (14-20 ms before its first row, for any user); as an index
--   expression, RUM's rank recheck recomputed it for every row returned (150 us each). So it is
--   a stored generated column.
-- * A trigram GIN on (owner, title) for the typo fallback (btree_gin supplies the uuid key): the
--   owner's titles that share enough trigrams with the query, without rechecking every user's
--   (a GiST on the same columns, for k-nearest-neighbour, took 25-30 ms per search at 50,000
--   titles: its signatures prune little within one owner).

create extension if not exists rum with schema extensions;
create extension if not exists btree_gin with schema extensions;

-- 12 hex digits of the owner's id: 48 bits, so two users sharing a token is vanishingly rare,
-- and harmless (search_prompts keeps the caller's rows only).
create function private.owner_search_token(owner_id uuid)
returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
  select pg_catalog.left(pg_catalog.replace(owner_id::text, '-', ''), 12) || '_';
$$;

comment on function private.owner_search_token(uuid) is
  'The prefix of an owner''s lexemes in owner_search_vector.';
revoke all on function private.owner_search_token(uuid) from public, anon;
grant execute on function private.owner_search_token(uuid) to authenticated, service_role;

-- A tsvector's text is its quoted lexemes separated by single spaces, and a lexeme holds no
-- space (a quote inside one is doubled), so each " '" starts a lexeme: a plain replace
-- prefixes them all and keeps positions and weights (a regular expression took 2.5 times as
-- long).
create function private.owner_search_vector(owner_id uuid, search_vector tsvector)
returns tsvector
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
  select case when search_vector = ''::tsvector then ''::tsvector
    else ('''' || private.owner_search_token(owner_id) || pg_catalog.substr(pg_catalog.replace(
      search_vector::text, ' ''', ' ''' || private.owner_search_token(owner_id)), 2))::tsvector
    end;
$$;

comment on function private.owner_search_vector(uuid, tsvector) is
  'A search vector with each lexeme prefixed by its owner''s token (prompts.owner_search_vector).';
-- Computed as the writer whenever a prompt's search vector changes (a generated column).
revoke all on function private.owner_search_vector(uuid, tsvector) from public, anon;
grant execute on function private.owner_search_vector(uuid, tsvector) to authenticated, service_role;

-- In a tsquery's text, lexemes are quoted and nothing else is.
create function private.owner_search_query(owner_id uuid, query tsquery)
returns tsquery
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
  select pg_catalog.regexp_replace(query::text, '''((?:[^'']|'''')*)''',
    '''' || private.owner_search_token(owner_id) || '\1''', 'g')::tsquery;
$$;

comment on function private.owner_search_query(uuid, tsquery) is
  'A tsquery with each lexeme prefixed by an owner''s token, to match owner_search_vector.';
revoke all on function private.owner_search_query(uuid, tsquery) from public, anon, authenticated;
grant execute on function private.owner_search_query(uuid, tsquery) to service_role;

alter table public.prompts
  add column owner_search_vector tsvector
  generated always as (private.owner_search_vector(user_id, search_vector)) stored;
comment on column public.prompts.owner_search_vector is
  'search_vector with each lexeme prefixed by its owner''s token, for the per-owner RUM index (generated).';

create index prompts_owner_search_rum_idx on public.prompts
  using rum (owner_search_vector extensions.rum_tsvector_ops);

create index prompts_owner_title_trgm_idx on public.prompts
  using gin (user_id, title extensions.gin_trgm_ops);
