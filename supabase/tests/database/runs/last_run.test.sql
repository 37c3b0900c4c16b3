-- prompts.last_run_id is a computed field, public.last_run_id(prompts): the prompt's newest run,
-- read from runs. A run never writes the prompt's row (no lock, no new row version per run).
begin;
select plan(10);

select tests.create_supabase_user('lr_user');
select tests.create_supabase_user('lr_other');
select tests.authenticate_as('lr_user');
insert into public.prompts (title) values ('Pointed'), ('Other');
select set_config('tests.prompt', (select id::text from public.prompts where title = 'Pointed'), true);
select set_config('tests.other', (select id::text from public.prompts where title = 'Other'), true);
select set_config('tests.user', auth.uid()::text, true);
-- Callers write no runs (only SQL functions do): every run here is written as the table owner,
-- and read back as the user.
reset role;
insert into public.runs (user_id, prompt_id, model, input)
values (current_setting('tests.user')::uuid, current_setting('tests.other')::uuid, 'm', '{}');
select tests.authenticate_as('lr_user');
select set_config('tests.other_run', (select id::text from public.runs), true);

select is((select public.last_run_id(p) from public.prompts p where p.title = 'Pointed'), null,
  'a prompt with no run has no last run');

select set_config('tests.prompt_xmin', (select xmin::text from public.prompts
  where id = current_setting('tests.prompt')::uuid), true);
reset role;
insert into public.runs (user_id, prompt_id, model, input, created_at)
values (current_setting('tests.user')::uuid, current_setting('tests.prompt')::uuid, 'm', '{}',
  now() - interval '1 minute');
select tests.authenticate_as('lr_user');
select set_config('tests.first', (select id::text from public.runs
  where prompt_id = current_setting('tests.prompt')::uuid), true);
select is((select public.last_run_id(p)::text from public.prompts p where p.title = 'Pointed'),
  current_setting('tests.first'), 'a new run is its prompt''s last run');
select is((select xmin::text from public.prompts where id = current_setting('tests.prompt')::uuid),
  current_setting('tests.prompt_xmin'), 'making a run does not write the prompt''s row');

reset role;
insert into public.runs (user_id, prompt_id, model, input)
values (current_setting('tests.user')::uuid, current_setting('tests.prompt')::uuid, 'm', '{}');
select tests.authenticate_as('lr_user');
select set_config('tests.second', (select id::text from public.runs
  where prompt_id = current_setting('tests.prompt')::uuid and id <> current_setting('tests.first')::uuid), true);
select is((select public.last_run_id(p)::text from public.prompts p where p.title = 'Pointed'),
  current_setting('tests.second'), 'the newest run is the last run');
select is((select p.last_run_id::text from public.prompts p where p.title = 'Other'),
  current_setting('tests.other_run'), 'p.last_run_id reads as a column, and each prompt has its own');

-- Runs made in one transaction share created_at: the answer is still one run, every time.
reset role;
insert into public.runs (user_id, prompt_id, model, input)
values (current_setting('tests.user')::uuid, current_setting('tests.prompt')::uuid, 'm', '{}');
select tests.authenticate_as('lr_user');
select is((select count(distinct public.last_run_id(p))::int
  from public.prompts p, generate_series(1, 5) where p.title = 'Pointed'), 1,
  'ties on created_at are broken the same way each time');
select is((select public.last_run_id(p) from public.prompts p where p.title = 'Pointed'),
  (select r.id from public.runs r where r.prompt_id = current_setting('tests.prompt')::uuid
   and r.created_at = now() order by r.id desc limit 1),
  'among tied runs, the highest id');

delete from public.runs where prompt_id = current_setting('tests.prompt')::uuid
  and id <> current_setting('tests.first')::uuid;
select is((select public.last_run_id(p)::text from public.prompts p where p.title = 'Pointed'),
  current_setting('tests.first'), 'deleting the newest runs makes the one before the last run');

select tests.authenticate_as('lr_other');
select is((select count(*)::int from public.prompts p where public.last_run_id(p) is not null), 0,
  'another user sees no one''s last run');
select tests.clear_authentication();
delete from public.runs where prompt_id = current_setting('tests.prompt')::uuid;
select is((select public.last_run_id(p) from public.prompts p
    where p.id = current_setting('tests.prompt')::uuid), null,
  'with every run deleted, there is no last run again');

select * from finish();
rollback;
