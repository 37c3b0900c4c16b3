-- What one model call may cost on each plan (seed 002's plans, seed 003's model tiers): the
-- longest rendered prompt, the most output tokens, and which model tiers the plan may run.
-- prepare_run applies them before anything is spent, so a small template cannot render into a
-- huge prompt, and a free account cannot ask a top-tier model for a million tokens. Admins
-- change them in Studio; a change applies from the next call.

create table public.plan_limits (
  plan public.plan primary key,
  max_prompt_chars integer not null check (max_prompt_chars > 0),
  max_output_tokens integer not null check (max_output_tokens > 0),
  model_tiers public.model_tier[] not null check (cardinality(model_tiers) > 0),
  updated_at timestamptz not null default now()
);
comment on table public.plan_limits is
  'Per-plan bounds on one model call: rendered prompt length, output tokens, model tiers.';
comment on column public.plan_limits.max_prompt_chars is
  'Longest rendered prompt (characters) a call may send.';
comment on column public.plan_limits.max_output_tokens is
  'Most output tokens a call may ask for; also what is asked when neither the request nor the version says.';
comment on column public.plan_limits.model_tiers is 'The model tiers (models.tier) the plan may run.';

create trigger plan_limits_set_updated_at before update on public.plan_limits
  for each row execute function private.set_updated_at();

insert into public.plan_limits (plan, max_prompt_chars, max_output_tokens, model_tiers) values
  ('free', 100000, 4096, '{low,mid}'),
  ('pro', 400000, 16384, '{low,mid,top}'),
  ('enterprise', 1000000, 65536, '{low,mid,top}');

alter table public.plan_limits enable row level security;

create policy "Signed-in users can view plan limits" on public.plan_limits
  for select to authenticated using (true);
create policy "Admins can update plan limits" on public.plan_limits
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));

revoke all on public.plan_limits from anon;
revoke insert, delete on public.plan_limits from authenticated;
