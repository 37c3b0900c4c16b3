-- export_library_head() and export_library_page(): the pages of GET /export's stream put back
-- together are export_library()'s document, in its order, for the caller alone.
begin;
select plan(9);

select tests.create_supabase_user('pages_a');
select tests.create_supabase_user('pages_b');

select tests.authenticate_as('pages_a');
insert into public.catalogs (name, description) values ('beta', null), ('Alpha', 'first');
insert into public.prompts (catalog_id, title)
select c.id, t from public.catalogs c, unnest(array['Zed', 'Ann', 'Mid']) t;
insert into public.prompts (title) values ('Loose one'), ('Loose two');
insert into public.prompt_versions (prompt_id, content) select id, 'text of ' || title from public.prompts;
insert into public.prompt_versions (prompt_id, content, summary)
select id, 'second of ' || title, 'again' from public.prompts where title = 'Mid';
select public.set_prompt_tags((select id from public.prompts where title = 'Ann' limit 1), array['x', 'Y']);
insert into public.tags (name) values ('spare');

create temporary table pages (n int, prompts text, prompt_count int, last_catalog text,
  last_title text, last_id uuid);
grant all on pages to authenticated;

-- Pages of 3: 8 prompts are 3 + 3 + 2, then an empty page.
do $$
declare
  n int := 0;
  p record;
  k_catalog text;
  k_title text;
  k_id uuid;
begin
  loop
    n := n + 1;
    select * into p from public.export_library_page(k_catalog, k_title, k_id, 3);
    insert into pages values (n, p.prompts, p.prompt_count, p.last_catalog, p.last_title, p.last_id);
    exit when p.prompt_count < 3 or n > 10;
    k_catalog := p.last_catalog; k_title := p.last_title; k_id := p.last_id;
  end loop;
end $$;

select is((select array_agg(prompt_count order by n) from pages), array[3, 3, 2],
  'eight prompts come in pages of 3, 3 and 2');
select is(
  (select ('[' || string_agg(prompts, ',' order by n) || ']')::jsonb from pages),
  public.export_library() -> 'prompts',
  'the pages joined are export_library()''s prompts, in its order, field for field');
select is((select last_catalog from pages where n = 1), 'alpha',
  'the key is the catalog name lower-cased (the two loose prompts came first, then Alpha''s Ann)');
select is((select last_title from pages where n = 3), 'Zed', 'the last key is the last prompt''s');
select is(public.export_library_head(), public.export_library() - 'prompts',
  'the head is the document without its prompts');
select is((select prompt_count from public.export_library_page(null, null, null, 100)), 8,
  'one page can hold them all');
select is(
  (select prompts from public.export_library_page('', 'Loose two',
    (select id from public.prompts where title = 'Loose two'), 1))::jsonb ->> 'title',
  'Ann', 'the page after a key starts at the next prompt');

select tests.authenticate_as('pages_b');
select is((select prompt_count from public.export_library_page()), 0,
  'another user''s pages are empty: RLS and the owner filter');

select tests.authenticate_as_anon();
select throws_ok($$select public.export_library_page()$$, '42501', null, 'anon cannot export');

select * from finish();
rollback;
