-- prompts.search_vector on every path: title (A), current content (B), catalog name (C), tag
-- names (D); and which of those paths move updated_at.
begin;
select plan(19);

select tests.create_supabase_user('sv_user');
select tests.authenticate_as('sv_user');
insert into public.catalogs (name) values ('Marine'), ('Desert');
insert into public.prompts (title, catalog_id) select 'Kraken tamer', id from public.catalogs where name = 'Marine';

create function pg_temp.vector_has(query text, config regconfig default 'english')
returns boolean language sql as $$
  select (select search_vector from public.prompts) @@ to_tsquery(config, query);
$$;

select ok(pg_temp.vector_has('kraken:A'), 'the title is indexed with weight A on insert');
select ok(pg_temp.vector_has('marine:C'), 'the catalog name is indexed with weight C on insert');

update public.prompts set title = 'Narwhal tamer';
select ok(pg_temp.vector_has('narwhal:A') and not pg_temp.vector_has('kraken'), 'a title edit replaces the title terms');

insert into public.prompt_versions (prompt_id, content) select id, 'Write solidity contracts' from public.prompts;
select ok(pg_temp.vector_has('solidity:B'), 'a new version''s content is indexed with weight B');
insert into public.prompt_versions (prompt_id, content) select id, 'Write rust services' from public.prompts;
select ok(pg_temp.vector_has('rust:B') and not pg_temp.vector_has('solidity'),
  'only the current version''s content is indexed');

update public.catalogs set name = 'Oceanic' where name = 'Marine';
select ok(pg_temp.vector_has('oceanic:C') and not pg_temp.vector_has('marine'), 'renaming the catalog reindexes its prompts');

update public.prompts set catalog_id = (select id from public.catalogs where name = 'Desert');
select ok(pg_temp.vector_has('desert:C') and not pg_temp.vector_has('oceanic'), 'moving the prompt to another catalog reindexes it');
update public.catalogs set name = 'Oceanic deep' where name = 'Oceanic';
select ok(not pg_temp.vector_has('deep'), 'renaming a catalog the prompt left does not touch it');
update public.prompts set catalog_id = null;
select ok(not pg_temp.vector_has('desert'), 'taking the prompt out of every catalog drops the catalog terms');

insert into public.tags (name) values ('Zebra-Stripes'), ('walrus');
insert into public.prompt_tags (prompt_id, tag_id) select p.id, t.id from public.prompts p, public.tags t where t.name = 'Zebra-Stripes';
select ok(pg_temp.vector_has('zebra:D', 'simple'), 'attaching a tag indexes its name with weight D');
select ok(pg_temp.vector_has('stripes:D', 'simple') and not pg_temp.vector_has('stripe:D', 'simple'),
  'tag names use the simple config (not stemmed)');
update public.tags set name = 'giraffe' where name = 'Zebra-Stripes';
select ok(pg_temp.vector_has('giraffe:D', 'simple') and not pg_temp.vector_has('zebra', 'simple'), 'renaming a tag reindexes its prompts');
delete from public.prompt_tags;
select ok(not pg_temp.vector_has('giraffe', 'simple'), 'detaching a tag drops its name');
insert into public.prompt_tags (prompt_id, tag_id) select p.id, t.id from public.prompts p, public.tags t where t.name = 'walrus';
delete from public.tags where name = 'walrus';
select ok(not pg_temp.vector_has('walrus', 'simple'), 'deleting a tag drops its name from its prompts');
select ok(pg_temp.vector_has('narwhal:A & rust:B'), 'the other parts survive the tag changes');

-- updated_at: upkeep paths leave it, edits and new versions move it.
select tests.clear_authentication();
update public.prompts set updated_at = '2020-01-01';
select tests.authenticate_as('sv_user');
insert into public.tags (name) values ('seal');
insert into public.prompt_tags (prompt_id, tag_id) select p.id, t.id from public.prompts p, public.tags t where t.name = 'seal';
update public.tags set name = 'sea lion' where name = 'seal';
update public.catalogs set name = 'Dunes' where name = 'Desert';
select is((select updated_at from public.prompts), '2020-01-01'::timestamptz,
  'tag and catalog upkeep does not move the prompt''s updated_at');
-- Runs are written only by SQL functions (callers cannot): this one as the table owner.
reset role;
insert into public.runs (user_id, prompt_id, model, input)
select user_id, id, 'm', '{}' from public.prompts where user_id = tests.get_supabase_uid('sv_user');
select tests.authenticate_as('sv_user');
select is((select updated_at from public.prompts), '2020-01-01'::timestamptz, 'running a prompt does not move updated_at');
insert into public.prompt_versions (prompt_id, content) select id, 'third' from public.prompts;
select is((select updated_at from public.prompts), now(), 'a new version moves updated_at');
select tests.clear_authentication();
update public.prompts set updated_at = '2020-01-01';
select tests.authenticate_as('sv_user');
update public.prompts set description = 'goal';
select is((select updated_at from public.prompts), now(), 'an edit moves updated_at');

select * from finish();
rollback;
