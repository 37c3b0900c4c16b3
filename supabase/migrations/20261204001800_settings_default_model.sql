-- user_settings.default_model names a model runs can use: an active row of public.models.
-- A plain foreign key would also accept retired models and would block retiring one that
-- somebody picked, so a trigger checks the choice when it is made; a model retired later
-- stays chosen until the user picks another (runs refuse inactive models anyway).

create function private.check_default_model()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  -- Security invoker: the models policy shows signed-in users exactly the active models.
  if not exists (
    select 1 from public.models m where m.id = new.default_model and m.is_active
  ) then
    raise exception 'model % is not an active model', new.default_model
      using errcode = 'PL422', hint = 'unknown_model';
  end if;
  return new;
end;
$$;
-- Trigger functions need no execute privilege to fire: nobody calls them directly.
revoke all on function private.check_default_model() from public, anon, authenticated;

create trigger user_settings_check_default_model
  before update of default_model on public.user_settings
  for each row
  when (new.default_model is not null and new.default_model is distinct from old.default_model)
  execute function private.check_default_model();
