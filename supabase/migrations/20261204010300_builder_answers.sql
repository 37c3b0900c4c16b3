-- Seed 001's prompt_answers: the clarifying questions a goal raised and the user's answers,
-- kept with the prompt they produced (the goal itself is prompts.description, which search
-- already covers). The owner reads them; they are written with the prompt, its version 1 and
-- its tags in one transaction by create_prompt_with_answers, which reuses create_prompt.

create table public.prompt_answers (
  id uuid primary key default gen_random_uuid(),
  prompt_id uuid not null references public.prompts (id) on delete cascade,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  question_id text not null check (question_id ~ '^[A-Za-z0-9_.:-]{1,100}$'),
  question_text text not null check (char_length(question_text) between 1 and 1000),
  answer text not null check (char_length(answer) between 1 and 5000),
  position integer not null check (position >= 0),
  created_at timestamptz not null default now(),
  unique (prompt_id, question_id)
);
comment on table public.prompt_answers is
  'Seed 001: the clarifying questions asked for a prompt''s goal and the answers given, in order.';
create index prompt_answers_user_idx on public.prompt_answers (user_id);

alter table public.prompt_answers enable row level security;
create policy "Users can view answers to their own prompts" on public.prompt_answers
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can add answers to their own prompts" on public.prompt_answers
  for insert to authenticated with check (
    user_id = (select auth.uid()) and exists (select 1 from public.prompts p
      where p.id = prompt_id and p.user_id = (select auth.uid())));
create policy "Users can delete answers to their own prompts" on public.prompt_answers
  for delete to authenticated using (user_id = (select auth.uid()));
revoke all on public.prompt_answers from anon;
revoke update on public.prompt_answers from authenticated;

-- The builder's save: the prompt, its version 1 and tags (create_prompt) and the answers, all or
-- nothing. answers is [{question_id, question_text, answer}]; an unanswered (skipped) question
-- is not stored. A bad answer names its field (answers[i].field).
create function public.create_prompt_with_answers(
  title text,
  content text,
  description text default null,
  catalog_id uuid default null,
  variables jsonb default '[]'::jsonb,
  model_config jsonb default '{}'::jsonb,
  tags text[] default '{}'::text[],
  answers jsonb default '[]'::jsonb
)
returns uuid
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  new_id uuid;
  bad record;
begin
  if jsonb_typeof(coalesce(answers, '[]')) <> 'array' or jsonb_array_length(coalesce(answers, '[]')) > 20 then
    raise exception 'answers must be a list of at most 20'
      using errcode = 'PL422', hint = 'validation_failed',
        detail = '{"fields":[{"field":"answers","message":"a list of at most 20 answers"}]}';
  end if;
  new_id := public.create_prompt(title => title, content => content, description => description,
    catalog_id => catalog_id, variables => variables, model_config => model_config,
    summary => 'Built from a goal', tags => tags, source => 'builder');

  select a.i - 1 as i, f.field into bad
  from jsonb_array_elements(coalesce(answers, '[]')) with ordinality as a (e, i)
  cross join lateral (select case
    when jsonb_typeof(a.e) <> 'object' then ''
    when coalesce(a.e ->> 'question_id', '') !~ '^[A-Za-z0-9_.:-]{1,100}$' then '.question_id'
    when char_length(coalesce(a.e ->> 'question_text', '')) not between 1 and 1000 then '.question_text'
    when char_length(coalesce(a.e ->> 'answer', '')) > 5000 then '.answer'
  end as field) f
  where f.field is not null
  order by a.i limit 1;
  if found then
    raise exception 'answer % is not valid', bad.i
      using errcode = 'PL422', hint = 'validation_failed',
        detail = jsonb_build_object('fields', jsonb_build_array(jsonb_build_object(
          'field', format('answers[%s]%s', bad.i, bad.field), 'message', 'invalid value')))::text;
  end if;

  insert into public.prompt_answers (prompt_id, user_id, question_id, question_text, answer, position)
  select new_id, (select auth.uid()), a.e ->> 'question_id', a.e ->> 'question_text',
    btrim(a.e ->> 'answer'), a.i - 1
  from jsonb_array_elements(coalesce(answers, '[]')) with ordinality as a (e, i)
  where coalesce(btrim(a.e ->> 'answer'), '') <> '';
  return new_id;
end;
$$;
comment on function public.create_prompt_with_answers(text, text, text, uuid, jsonb, jsonb, text[], jsonb) is
  'Seed 001''s save: a prompt (goal as description), its version 1, tags and clarifying answers in one transaction; returns its id.';
revoke execute on function public.create_prompt_with_answers(text, text, text, uuid, jsonb, jsonb, text[], jsonb) from public, anon;
grant execute on function public.create_prompt_with_answers(text, text, text, uuid, jsonb, jsonb, text[], jsonb) to authenticated, service_role;
