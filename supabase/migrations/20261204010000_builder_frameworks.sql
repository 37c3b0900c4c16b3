-- Prompt frameworks (seed 004's prompt_frameworks): the nine frameworks the builder assembles a
-- prompt from, as data. Each component is written out (name, label, guidance, whether it is
-- required, an example), so the assembly rule (builder_assemble migration) and the client's form
-- read the same rows. Admins enable, disable and reorder them; signed-in users read the enabled
-- ones. user_settings.framework, free text nothing read until now, becomes a foreign key to a
-- framework: the builder's default.

-- A framework's components: 1 to 12 objects {name, label, guidance, required, example}, names
-- unique and usable as identifiers.
-- security invoker: a pure check over its argument (in the CHECK, so admins' writes execute it).
create function private.is_valid_framework_components(c jsonb)
returns boolean
language sql
immutable
security invoker
set search_path = ''
as $$
  select case when jsonb_typeof(c) is distinct from 'array' then false else
    jsonb_array_length(c) between 1 and 12
    and not exists (
      select 1 from jsonb_array_elements(c) e
      where jsonb_typeof(e) <> 'object'
        or coalesce(e ->> 'name', '') !~ '^[a-z][a-z0-9_]{0,49}$'
        or char_length(coalesce(e ->> 'label', '')) not between 1 and 100
        or char_length(coalesce(e ->> 'guidance', '')) not between 1 and 1000
        or jsonb_typeof(e -> 'required') is distinct from 'boolean'
        or char_length(coalesce(e ->> 'example', '')) not between 1 and 2000)
    and (select count(distinct e ->> 'name') from jsonb_array_elements(c) e)
      = jsonb_array_length(c) end;
$$;
revoke all on function private.is_valid_framework_components(jsonb) from public, anon;
grant execute on function private.is_valid_framework_components(jsonb) to authenticated, service_role;

create table public.prompt_frameworks (
  name text primary key check (name ~ '^[a-z][a-z0-9_]{0,49}$'),
  display_name text not null check (char_length(display_name) between 1 and 100),
  description text not null check (char_length(description) between 1 and 2000),
  -- [{name, label, guidance, required, example}], in the order the prompt reads them.
  components jsonb not null check (private.is_valid_framework_components(components)),
  -- The prompt's shape with each component as <name>, for reading (the rule is in SQL).
  template text not null check (char_length(template) between 1 and 10000),
  -- [{title, components: {name: value}}]: worked examples the picker shows.
  examples jsonb not null default '[]' check (jsonb_typeof(examples) = 'array'),
  enabled boolean not null default true,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.prompt_frameworks is
  'Seed 004''s prompt frameworks: components (name, label, guidance, required, example), template, examples; admins enable and order them.';

create trigger prompt_frameworks_set_updated_at before update on public.prompt_frameworks
  for each row execute function private.set_updated_at();

alter table public.prompt_frameworks enable row level security;
create policy "Signed-in users can view enabled frameworks" on public.prompt_frameworks
  for select to authenticated using (enabled or (select private.is_admin()));
create policy "Admins can add frameworks" on public.prompt_frameworks
  for insert to authenticated with check ((select private.is_admin()));
create policy "Admins can update frameworks" on public.prompt_frameworks
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "Admins can delete frameworks" on public.prompt_frameworks
  for delete to authenticated using ((select private.is_admin()));
revoke all on public.prompt_frameworks from anon;

insert into public.prompt_frameworks (name, display_name, description, sort_order, components, template, examples)
select f.name, f.display_name, f.description, f.sort_order, f.components,
  (select string_agg('# ' || (c ->> 'label') || E'\n<' || (c ->> 'name') || '>', E'\n\n'
     order by o) from jsonb_array_elements(f.components) with ordinality as x (c, o)),
  jsonb_build_array(jsonb_build_object('title', f.example_title,
    'components', (select jsonb_object_agg(c ->> 'name', c ->> 'example')
      from jsonb_array_elements(f.components) c)))
from (values
  ('roses', 'R.O.S.E.S', 'Role, Objective, Scenario, Expected solution, Steps: for a problem to solve in a known situation, with the steps spelled out.', 10, 'A support reply plan', '[
    {"name":"role","label":"Role","guidance":"Who the model should be.","required":true,"example":"You are a senior customer-support lead."},
    {"name":"objective","label":"Objective","guidance":"What you want achieved.","required":true,"example":"Calm an angry customer whose order is two weeks late."},
    {"name":"scenario","label":"Scenario","guidance":"The situation and what is known.","required":true,"example":"The order {{order_id}} is stuck at customs."},
    {"name":"expected_solution","label":"Expected solution","guidance":"What a good answer looks like.","required":true,"example":"A short apology email with a concrete next step."},
    {"name":"steps","label":"Steps","guidance":"The steps to follow, in order.","required":false,"example":"Acknowledge, explain, offer a refund or a discount, sign off."}]'::jsonb),
  ('ape', 'A.P.E', 'Action, Purpose, Expectation: the shortest framework, for a clear one-off task.', 20, 'A product description', '[
    {"name":"action","label":"Action","guidance":"The task to do.","required":true,"example":"Write a product description for {{product}}."},
    {"name":"purpose","label":"Purpose","guidance":"Why it is needed.","required":true,"example":"It goes on the landing page to increase sign-ups."},
    {"name":"expectation","label":"Expectation","guidance":"The result you expect.","required":true,"example":"Three sentences, benefit first, no jargon."}]'::jsonb),
  ('tag', 'T.A.G', 'Task, Action, Goal: a task, how to do it, and the goal it serves.', 30, 'A team update', '[
    {"name":"task","label":"Task","guidance":"What has to be done.","required":true,"example":"Summarise this week''s engineering work."},
    {"name":"action","label":"Action","guidance":"How to do it.","required":true,"example":"Group the changes by team and keep one line each."},
    {"name":"goal","label":"Goal","guidance":"What it is for.","required":true,"example":"Managers read it in two minutes on Monday."}]'::jsonb),
  ('era', 'E.R.A', 'Expectation, Role, Action: start from the result you want, then who acts and how.', 40, 'A study plan', '[
    {"name":"expectation","label":"Expectation","guidance":"The result you expect.","required":true,"example":"A four-week study plan for {{exam}}."},
    {"name":"role","label":"Role","guidance":"Who the model should be.","required":true,"example":"You are an experienced tutor."},
    {"name":"action","label":"Action","guidance":"What to do.","required":true,"example":"Split the syllabus into weekly goals with one practice test each."}]'::jsonb),
  ('race', 'R.A.C.E', 'Role, Action, Context, Expectation: a role acting in a context, with a clear result.', 50, 'A campaign brief', '[
    {"name":"role","label":"Role","guidance":"Who the model should be.","required":true,"example":"You are a marketing strategist."},
    {"name":"action","label":"Action","guidance":"What to do.","required":true,"example":"Draft a launch campaign brief."},
    {"name":"context","label":"Context","guidance":"Background the model needs.","required":true,"example":"We launch {{product}} to small bakeries next month."},
    {"name":"expectation","label":"Expectation","guidance":"The result you expect.","required":true,"example":"One page: audience, message, channels, budget split."}]'::jsonb),
  ('rise', 'R.I.S.E', 'Role, Input, Steps, Expectation: a role working on given input, step by step.', 60, 'A data review', '[
    {"name":"role","label":"Role","guidance":"Who the model should be.","required":true,"example":"You are a data analyst."},
    {"name":"input","label":"Input","guidance":"The material to work on.","required":true,"example":"The sales figures below: {{figures}}"},
    {"name":"steps","label":"Steps","guidance":"The steps to follow.","required":true,"example":"Find the trend, the outliers and one likely cause."},
    {"name":"expectation","label":"Expectation","guidance":"The result you expect.","required":true,"example":"Five bullet points and one recommendation."}]'::jsonb),
  ('care', 'C.A.R.E', 'Context, Action, Result, Example: show the result with an example.', 70, 'A social post', '[
    {"name":"context","label":"Context","guidance":"The situation.","required":true,"example":"Our café opens a second shop in {{city}}."},
    {"name":"action","label":"Action","guidance":"What to do.","required":true,"example":"Write an announcement post."},
    {"name":"result","label":"Result","guidance":"The outcome you want.","required":true,"example":"Regulars feel invited to the opening."},
    {"name":"example","label":"Example","guidance":"A sample of the style you like.","required":false,"example":"\"Fresh bread, new street, same smiles.\""}]'::jsonb),
  ('coast', 'C.O.A.S.T', 'Context, Objective, Actions, Scenario, Task: for planning in a rich situation.', 80, 'A migration plan', '[
    {"name":"context","label":"Context","guidance":"Background.","required":true,"example":"A team of five runs a monolith on one server."},
    {"name":"objective","label":"Objective","guidance":"The aim.","required":true,"example":"Move to managed Postgres without downtime."},
    {"name":"actions","label":"Actions","guidance":"What may be done.","required":true,"example":"Replicate, switch reads, then switch writes."},
    {"name":"scenario","label":"Scenario","guidance":"Constraints and risks.","required":false,"example":"The database is {{size}} and traffic peaks on Fridays."},
    {"name":"task","label":"Task","guidance":"The concrete deliverable.","required":true,"example":"A dated checklist with a rollback step for each phase."}]'::jsonb),
  ('trace', 'T.R.A.C.E', 'Task, Request, Action, Context, Example: a detailed request with an example.', 90, 'A code review', '[
    {"name":"task","label":"Task","guidance":"The overall task.","required":true,"example":"Review a pull request."},
    {"name":"request","label":"Request","guidance":"What exactly you ask.","required":true,"example":"Point out bugs and risky changes in {{diff}}."},
    {"name":"action","label":"Action","guidance":"How to go about it.","required":true,"example":"Read the diff file by file; cite line numbers."},
    {"name":"context","label":"Context","guidance":"Background.","required":false,"example":"A TypeScript service with strict types."},
    {"name":"example","label":"Example","guidance":"A sample of the output.","required":false,"example":"\"api.ts:42: the error is swallowed; rethrow it.\""}]'::jsonb)
) as f (name, display_name, description, sort_order, example_title, components);

-- The builder's default framework: a framework or nothing. Values that name no framework (the
-- column was free text) are cleared first; a matching display name (R.O.S.E.S) is kept as its name.
update public.user_settings s set framework = (
  select f.name from public.prompt_frameworks f
  where lower(s.framework) in (f.name, lower(f.display_name)))
where s.framework is not null;
alter table public.user_settings
  drop constraint if exists user_settings_framework_check,
  add constraint user_settings_framework_fkey foreign key (framework)
    references public.prompt_frameworks (name) on update cascade on delete set null;
comment on column public.user_settings.framework is
  'The builder''s default framework (prompt_frameworks.name), or null.';

-- The foreign key is the guarantee; choosing a framework the caller cannot use (unknown, or
-- disabled by an admin) is a 422 naming the field rather than the key's bare refusal.
create function private.check_default_framework()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  -- Security invoker: the frameworks policy shows signed-in users the enabled frameworks.
  if not exists (select 1 from public.prompt_frameworks f where f.name = new.framework) then
    raise exception 'framework % is not an available framework', new.framework
      using errcode = 'PL422', hint = 'unknown_framework',
        detail = '{"fields":[{"field":"framework","message":"not an available framework"}]}';
  end if;
  return new;
end;
$$;
-- Trigger functions need no execute privilege to fire: nobody calls them directly.
revoke all on function private.check_default_framework() from public, anon, authenticated;

create trigger user_settings_check_default_framework
  before update of framework on public.user_settings
  for each row
  when (new.framework is not null and new.framework is distinct from old.framework)
  execute function private.check_default_framework();
