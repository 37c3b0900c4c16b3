-- The catalog list counts each catalog's prompts (GET /catalogs, prompt_count). Under RLS the
-- count also checks each prompt's owner, which prompts_catalog_idx does not hold, so every
-- counted prompt was read from the table (a heavy user's 50,000: 40-60 ms at a million prompts).
-- With the owner in the index the count is an index-only scan. It serves every lookup by catalog
-- that the old index did (the cascade of a catalog's deletion too), so that one goes.

create index prompts_catalog_user_idx on public.prompts (catalog_id, user_id);
drop index public.prompts_catalog_idx;
