-- Which functions anon and authenticated may execute, pinned exactly: every function in the
-- schemas this project writes (public, private) and Supabase's auth helpers, but functions that
-- belong to an extension (other platform schemas, such as storage on `supabase start`, are not
-- ours to pin). A new function in public is executable by authenticated (Supabase's default
-- grants), so it fails here until it is added to the list on purpose; anon executes nothing of
-- ours unless a migration grants it. The private helpers here are the ones PostgreSQL checks
-- as the caller at run time: in a CHECK or a policy, or called by code that runs as the caller.
begin;
select plan(2);

-- Names print schema-qualified (types of public too), whatever the database's search_path.
set local search_path = extensions;

create function pg_temp.executable_by(role_name text) returns setof text
language sql stable as $$
  select p.oid::pg_catalog.regprocedure::text
  from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private', 'auth')
    and not exists (select 1 from pg_catalog.pg_depend d
      where d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass and d.objid = p.oid
        and d.deptype = 'e')
    and pg_catalog.has_function_privilege(role_name, p.oid, 'execute')
$$;

select set_eq(
  $$select pg_temp.executable_by('anon')$$,
  array[
    'auth.email()',
    'auth.jwt()',
    'auth.role()',
    'auth.uid()',
    -- the public gallery (issue 15); search_gallery calls the candidates as its caller
    'private.gallery_search_candidates(tsquery,tsquery,text)',
    'private.gallery_title_candidates(text,text,integer)',
    'public.gallery_prompt(uuid)',
    'public.get_popular_templates(integer,text)',
    'public.search_gallery(text,text,text,integer,text)',
    'public.shared_prompt(text)'
  ]::text[],
  'anon may execute exactly these functions');

select set_eq(
  $$select pg_temp.executable_by('authenticated')$$,
  array[
    'auth.email()',
    'auth.jwt()',
    'auth.role()',
    'auth.uid()',
    -- called as the writer by the search-vector triggers
    'private.build_prompt_search_vector(uuid,text,uuid,uuid)',
    -- search_prompts calls it as its caller
    'private.escape_html(text)',
    -- the caller's full-text and typo candidates (definers that read only the caller's own
    -- rows), called by search_prompts as its caller
    'private.search_candidates(tsquery,uuid,text)',
    'private.search_title_candidates(text,uuid,text,integer)',
    -- computed as the writer for the generated column prompts.owner_search_vector
    'private.owner_search_token(uuid)',
    'private.owner_search_vector(uuid,tsvector)',
    -- run_metrics computes the days not rolled up from the caller's runs with it
    'private.summarize_run_days(date,date)',
    -- in the policies of providers and models
    'private.is_admin()',
    -- in the CHECK of prompt_frameworks
    'private.is_valid_framework_components(jsonb)',
    -- in the CHECKs of prompt_versions and validators
    'private.is_valid_model_config(jsonb)',
    'private.is_valid_prompt_messages(jsonb)',
    'private.is_valid_response_format(jsonb)',
    -- called as the writer by the naming trigger of prompts
    'private.slugify(text)',
    'private.is_valid_prompt_variables(jsonb)',
    'private.is_valid_validator_config(public.validator_type,jsonb)',
    -- in the policies of api_keys and provider_keys, and by require_live_session
    'private.session_is_live()',
    -- admin reports and changes: each refuses non-admins itself (private.require_admin)
    'public.admin_dashboard(integer)',
    'public.admin_set_feedback_tags(uuid,text[])',
    'public.admin_runs(uuid,public.run_status,text,text,timestamp with time zone,timestamp with time zone,integer,timestamp with time zone,uuid)',
    'public.admin_set_user(uuid,public.plan,public.user_role,boolean,text)',
    'public.admin_users(text,integer,integer)',
    -- seed 003's cost by model this month (issue 17): refuses non-admins itself
    'public.admin_workflow_costs(timestamp with time zone)',
    'public.admin_user_emails(uuid[])',
    'public.assemble_framework(text,jsonb,public.builder_tone,public.builder_length,boolean)',
    'public.create_api_key(text,timestamp with time zone,text[],uuid[])',
    -- maintenance and health: admins only (private.require_admin)
    'public.daily_maintenance(integer,integer)',
    'public.get_database_stats()',
    'public.health_check()',
    'public.integrity_check()',
    'public.security_audit()',
    'public.create_prompt(text,text,text,uuid,public.prompt_status,public.prompt_visibility,jsonb,jsonb,text,text[],public.prompt_version_source,jsonb,jsonb)',
    'public.create_prompt_with_answers(text,text,text,uuid,jsonb,jsonb,text[],jsonb)',
    'public.export_library()',
    'public.export_library_head()',
    'public.export_library_page(text,text,uuid,integer)',
    'public.import_library(jsonb)',
    'public.last_run_id(public.prompts)',
    'public.prepare_run(uuid,uuid,text,text,text,boolean,numeric,integer,boolean,text,text)',
    'public.prompt_detail(uuid)',
    'public.prompt_version_json(public.prompt_versions)',
    'public.require_live_session()',
    'public.restore_prompt_version(uuid)',
    'public.run_metrics(integer)',
    'public.search_prompts(text,uuid,text,integer,text)',
    'public.set_prompt_tags(uuid,text[])',
    -- the gallery and sharing (issue 15): readers' calls, and the owner's (each checks the owner)
    'private.gallery_search_candidates(tsquery,tsquery,text)',
    'private.gallery_title_candidates(text,text,integer)',
    'public.fork_prompt(uuid,text,uuid,text)',
    'public.gallery_prompt(uuid)',
    'public.get_popular_templates(integer,text)',
    'public.prompt_sharing(uuid)',
    'public.rotate_share_link(uuid)',
    'public.search_gallery(text,text,text,integer,text)',
    'public.set_prompt_sharing(uuid,public.prompt_visibility,text,boolean)',
    'public.shared_prompt(text)',
    -- names, labels, fetch and render (issue 19): each finds only the caller's prompts
    'public.fetch_prompt(text,text,integer,uuid)',
    'public.month_spend()',
    'public.move_label(uuid,text,uuid,integer)',
    'public.render_prompt(jsonb,text,text,integer,uuid)'
  ]::text[],
  'authenticated may execute exactly these functions');

select * from finish();
rollback;
