-- search_prompts: ranking (title over content), <mark> snippets (HTML-escaped), catalog and tag
-- filters, keyset pages, the trigram fallback for typos, input errors, and RLS scoping.
begin;
select plan(21);

select tests.create_supabase_user('sp_owner');
select tests.create_supabase_user('sp_other');

select tests.authenticate_as('sp_other');
insert into public.prompts (title) values ('Ethereum Developer (someone else''s)');

select tests.authenticate_as('sp_owner');
insert into public.catalogs (name) values ('Blockchain');
insert into public.prompts (title, catalog_id) select 'Ethereum Developer', id from public.catalogs;
insert into public.prompts (title) values ('Code reviewer'), ('Poem writer'), ('Script kiddie');
insert into public.prompts (title) select 'Sea shanty ' || g from generate_series(1, 5) g;
insert into public.prompt_versions (prompt_id, content) select id, case title
    when 'Ethereum Developer' then 'Write and audit smart contracts.'
    when 'Code reviewer' then 'Review Ethereum smart contracts for bugs.'
    when 'Poem writer' then 'Write poems about the sea.'
    when 'Script kiddie' then '<script>alert(1)</script> ethereum & friends'
    else 'Sing along' end
  from public.prompts;
select public.set_prompt_tags(id, array['web3']) from public.prompts where title = 'Ethereum Developer';
select set_config('tests.catalog', (select id::text from public.catalogs), true);

-- ranking and snippets
select is((select title from public.search_prompts('ethereum') limit 1), 'Ethereum Developer',
  'a title match ranks first');
select ok(
  (select rank from public.search_prompts('ethereum') where title = 'Ethereum Developer')
  > (select rank from public.search_prompts('ethereum') where title = 'Code reviewer'),
  'a title match outranks a content match');
select is((select count(*)::int from public.search_prompts('ethereum')), 3,
  'every match of the caller is found, and only the caller''s');
select ok((select snippet from public.search_prompts('ethereum') where title = 'Code reviewer')
  like '%Review <mark>Ethereum</mark> smart contracts%', 'the snippet marks the matched words');
select ok((select snippet like '%&lt;script&gt;%' and snippet not like '%<script>%'
  from public.search_prompts('ethereum') where title = 'Script kiddie'),
  'the snippet escapes the prompt''s own markup');
select ok((select snippet from public.search_prompts('contracts') where title = 'Ethereum Developer')
  like '%audit smart <mark>contracts</mark>%', 'stemmed words are marked too');
select results_eq($$select title from public.search_prompts('"smart contracts" -review')$$,
  array['Ethereum Developer'], 'web search syntax: phrases and exclusions');

-- filters
select results_eq(
  $$select title from public.search_prompts('ethereum', catalog_id => current_setting('tests.catalog')::uuid)$$,
  array['Ethereum Developer'], 'the catalog filter keeps that catalog''s prompts');
select results_eq($$select title from public.search_prompts('ethereum', tag => 'WEB3')$$,
  array['Ethereum Developer'], 'the tag filter matches names ignoring case');
select is((select count(*)::int from public.search_prompts('ethereum', tag => 'nope')), 0,
  'an unknown tag filters everything out');

-- pages: six matches for "sea" (five titles, one content), two per page
create temporary table pages (page int, ord bigint, title text, next_cursor text) on commit drop;
insert into pages select 1, ord, title, next_cursor from public.search_prompts('sea', result_limit => 2)
  with ordinality as r (id, title, catalog_id, rank, snippet, updated_at, next_cursor, ord);
insert into pages select 2, ord, title, next_cursor from public.search_prompts('sea', result_limit => 2,
  cursor => (select next_cursor from pages where page = 1 and next_cursor is not null))
  with ordinality as r (id, title, catalog_id, rank, snippet, updated_at, next_cursor, ord);
insert into pages select 3, ord, title, next_cursor from public.search_prompts('sea', result_limit => 2,
  cursor => (select next_cursor from pages where page = 2 and next_cursor is not null))
  with ordinality as r (id, title, catalog_id, rank, snippet, updated_at, next_cursor, ord);
select results_eq($$select count(*)::int from pages group by page order by page$$, array[2, 2, 2],
  'each page holds result_limit rows');
select is((select count(distinct title)::int from pages), 6, 'the pages cover every match once');
select is((select count(*)::int from pages where next_cursor is not null), 2,
  'a cursor comes with each full page that has more after it, and not with the last');
select is((select title from pages order by page desc, ord desc limit 1), 'Poem writer',
  'the content-only match comes last');

-- typos
select is((select title from public.search_prompts('Etherum devloper') limit 1), 'Ethereum Developer',
  'a typo falls back to trigram matching on titles');
select ok((select snippet from public.search_prompts('Etherum devloper') limit 1)
  = '<mark>Ethereum</mark> <mark>Developer</mark>', 'the fallback snippet marks the resembling words');
select is((select count(*)::int from public.search_prompts('zzzz qqqq')), 0, 'nonsense finds nothing');

-- bad input
select throws_ok($$select * from public.search_prompts('   ')$$, 'PL400', null, 'a blank query is refused');
select throws_ok($$select * from public.search_prompts('sea', result_limit => 0)$$, 'PL400', null,
  'a limit below 1 is refused');
select throws_ok($$select * from public.search_prompts('sea', cursor => 'garbage')$$, 'PL400', null,
  'a malformed cursor is refused');

select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.search_prompts('ethereum')$$, '42501', null,
  'anon cannot search (no execute)');

select * from finish();
rollback;
