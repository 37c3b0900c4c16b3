-- import_library()'s skip of an existing title is one index probe per prompt, in a catalog or
-- among the loose prompts (20261204030100_library_io_title_index.sql).
begin;
select plan(2);
select has_index('public', 'prompts', 'prompts_catalog_title_idx', array['catalog_id', 'title'],
  'a title is looked up within its catalog');
select has_index('public', 'prompts', 'prompts_loose_title_idx', array['user_id', 'title'],
  'and among a user''s loose prompts');
select * from finish();
rollback;
