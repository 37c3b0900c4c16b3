-- Prompt names (issue 19): a slug, unique per user and stable across title edits, by which apps
-- fetch "the production version of support-reply". A prompt made without one gets one from its
-- title (support-reply, support-reply-2, ...); the owner may rename it.

create function private.slugify(value text)
returns text
language sql
immutable
security invoker
set search_path = ''
as $$
  select coalesce(nullif(left(btrim(regexp_replace(lower(coalesce(value, '')), '[^a-z0-9]+', '-', 'g'),
    '-'), 80), ''), 'prompt');
$$;
comment on function private.slugify(text) is 'A name from a title: lowercase letters and digits, runs of anything else as one dash.';
revoke all on function private.slugify(text) from public, anon;
-- Called as the writer by the naming trigger.
grant execute on function private.slugify(text) to authenticated, service_role;

alter table public.prompts add column name text;
comment on column public.prompts.name is 'The prompt''s name: a slug unique per user, stable across title edits (GET /prompts/by-name/{name}).';

-- Prompts that exist get a name from their title; a second prompt of a user with the same title
-- gets the start of its id as a suffix, which no title's slug can collide with.
update public.prompts p set name = n.name
from (
  select x.id, case when x.n = 1 then x.base else left(x.base, 70) || '-' || left(x.id::text, 8) end as name
  from (
    select q.id, private.slugify(q.title) as base,
      row_number() over (partition by q.user_id, private.slugify(q.title) order by q.created_at, q.id) as n
    from public.prompts q
  ) x
) n
where n.id = p.id;

alter table public.prompts
  alter column name set not null,
  add constraint prompts_name_check check (name ~ '^[a-z0-9][a-z0-9._-]{0,99}$');
create unique index prompts_user_name_idx on public.prompts (user_id, name);

-- A prompt created without a name: its title's slug, or the first free slug-N.
create function private.name_new_prompt()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  base text := private.slugify(new.title);
  candidate text := base;
  n integer := 1;
begin
  if new.name is not null then
    return new;
  end if;
  while exists (select 1 from public.prompts p where p.user_id = new.user_id and p.name = candidate) loop
    n := n + 1;
    candidate := case when n <= 20 then left(base, 90) || '-' || n
      else left(base, 80) || '-' || left(replace(gen_random_uuid()::text, '-', ''), 10) end;
  end loop;
  new.name := candidate;
  return new;
end;
$$;
comment on function private.name_new_prompt() is 'Trigger: gives a prompt created without a name the first free slug of its title.';
revoke all on function private.name_new_prompt() from public, anon, authenticated;

create trigger prompts_name_new before insert on public.prompts
  for each row when (new.name is null)
  execute function private.name_new_prompt();
