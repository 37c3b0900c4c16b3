-- import_library() skips a prompt whose title already exists in the same catalog (or among the
-- loose prompts): two lookups per imported prompt. With only prompts_catalog_idx (catalog_id)
-- and the user_id indexes, each read every prompt of the catalog or of the user: importing
-- 10,000 prompts into a 50,000-prompt library took 46 s of SQL (bench/library_io.ts). These
-- make each lookup one index probe.
create index prompts_catalog_title_idx on public.prompts (catalog_id, title);
create index prompts_loose_title_idx on public.prompts (user_id, title) where catalog_id is null;
