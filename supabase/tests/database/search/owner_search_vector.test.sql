-- prompts.owner_search_vector (the per-owner RUM index's column): the search vector with each
-- lexeme prefixed by its owner's token, positions and weights kept, so an owner-prefixed query
-- matches exactly what the plain query matches, and never another user's prompt.
begin;
select plan(7);

select tests.create_supabase_user('osv_owner');
select tests.create_supabase_user('osv_other');
select tests.authenticate_as('osv_owner');
insert into public.prompts (title) values ('O''Brien''s smart contracts');
insert into public.prompt_versions (prompt_id, content)
select id, 'Audit smart contracts, it''s C:\temp "quoted" and back\slash.' from public.prompts;
reset role;

select is((select length(owner_search_vector) from public.prompts where title like 'O''Brien%'),
  (select length(search_vector) from public.prompts where title like 'O''Brien%'),
  'every lexeme is kept');
select is((select count(*)::int from public.prompts p, unnest(p.owner_search_vector) l
  where p.title like 'O''Brien%'
    and left(l.lexeme, 13) <> private.owner_search_token(tests.get_supabase_uid('osv_owner'))), 0,
  'every lexeme carries the owner''s token');
select is(
  (select array_agg(u.positions::text || u.weights::text order by u.positions::text)
   from public.prompts p, unnest(p.owner_search_vector) u where p.title like 'O''Brien%'),
  (select array_agg(u.positions::text || u.weights::text order by u.positions::text)
   from public.prompts p, unnest(p.search_vector) u where p.title like 'O''Brien%'),
  'positions and weights are kept');
select is(
  (select array_agg(q.text order by q.text) from unnest(array['smart', '"smart contracts"',
    'audit -review', 'brien', 'temp', 'quoted']) q (text), public.prompts p
   where p.title like 'O''Brien%'
     and p.owner_search_vector @@ private.owner_search_query(p.user_id,
       websearch_to_tsquery('english', q.text) || websearch_to_tsquery('simple', q.text))),
  (select array_agg(q.text order by q.text) from unnest(array['smart', '"smart contracts"',
    'audit -review', 'brien', 'temp', 'quoted']) q (text), public.prompts p
   where p.title like 'O''Brien%'
     and p.search_vector @@ (websearch_to_tsquery('english', q.text) || websearch_to_tsquery('simple', q.text))),
  'an owner-prefixed query matches what the plain query matches');
select is((select count(*)::int from unnest(array['smart', '"smart contracts"', 'audit -review',
    'brien', 'temp', 'quoted']) q (text), public.prompts p
  where p.title like 'O''Brien%'
    and p.owner_search_vector @@ private.owner_search_query(p.user_id,
      websearch_to_tsquery('english', q.text) || websearch_to_tsquery('simple', q.text))), 6,
  'and each of those queries matches (phrases, exclusions, quotes and backslashes included)');
select ok(not (select p.owner_search_vector @@ private.owner_search_query(
    tests.get_supabase_uid('osv_other'), websearch_to_tsquery('english', 'smart'))
  from public.prompts p where p.title like 'O''Brien%'),
  'another owner''s query does not match');

select tests.authenticate_as('osv_other');
select is((select count(*)::int from public.search_prompts('smart contracts')), 0,
  'another user''s search finds none of it');

select * from finish();
rollback;
