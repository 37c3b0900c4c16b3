-- The prompt list pages by (updated_at desc, id): with id in the index too, a page is an index
-- range read of `limit` rows instead of a sort of the user's whole library (seed 000's
-- prompts_user_updated_idx, extended with its tie-breaker).

drop index public.prompts_user_updated_idx;
create index prompts_user_updated_idx on public.prompts (user_id, updated_at desc, id);
