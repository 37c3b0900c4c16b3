-- The run path for issue 19's ways to run: by name and label (name@label; latest is the current
-- version), a chat version's messages, messages a caller appends (the OpenAI-compatible
-- endpoint), a gateway run of a plain model with no stored prompt, and the price a budget
-- reserves against. prepare_run and start_run keep their one-statement shape; their new
-- parameters and columns are added at the end, so calls by name stay as they were. The bodies
-- are those of 20261205000600_run_shared_prompts.sql and 20261204002600_run_lifecycle.sql with
-- the changes their comments mark.

drop function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb);
drop function public.prepare_run(uuid, uuid, text, text, text, boolean, numeric, integer, boolean);

create function public.prepare_run(
  p_prompt_id uuid,
  p_version_id uuid default null,
  p_model text default null,
  p_fallback_model text default null,
  p_idempotency_key text default null,
  p_with_keys boolean default false,
  p_temperature numeric default null,
  p_max_tokens integer default null,
  p_standin_default boolean default false,
  p_prompt_name text default null,
  p_label text default null
)
returns table (
  prompt_id uuid,
  title text,
  description text,
  version_id uuid,
  version_number integer,
  content text,
  variables jsonb,
  model_config jsonb,
  plan text,
  model_name text,
  model jsonb,
  temperature numeric,
  max_tokens integer,
  max_prompt_chars integer,
  refusal jsonb,
  validators jsonb,
  existing_run_id uuid,
  existing_run_prompt_id uuid,
  providers jsonb,
  prompt_name text,
  label text,
  messages jsonb,
  response_format jsonb
)
language plpgsql
stable
security invoker
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
begin
  return query
  select p.id, p.title, p.description, v.id, v.version_number, v.content, v.variables,
    v.model_config, pr.plan::text, m.name,
    case when mr.id is null or prov.id is null then null else jsonb_build_object(
      'id', mr.id, 'provider_id', mr.provider_id, 'provider_model_id', mr.provider_model_id,
      'provider_is_standin', prov.is_standin) end,
    coalesce(p_temperature, (v.model_config ->> 'temperature')::numeric),
    mt.max_tokens, pl.max_prompt_chars,
    -- The first bound the call breaks, as the API's error: status, code, field, message.
    case
      when mr.id is not null and not (mr.tier = any (pl.model_tiers)) then jsonb_build_object(
        'status', 403, 'code', 'model_not_in_plan', 'field', 'model', 'limit', pl.model_tiers,
        'message', format('%s is a %s-tier model; the %s plan runs %s-tier models', mr.id,
          mr.tier, pr.plan, array_to_string(pl.model_tiers, ', ')))
      when mt.max_tokens > pl.max_output_tokens then jsonb_build_object(
        'status', 422, 'code', 'max_tokens_over_limit', 'field', mt.field,
        'limit', pl.max_output_tokens,
        'message', format('max_tokens %s is over the %s plan''s limit of %s', mt.max_tokens,
          pr.plan, pl.max_output_tokens))
      when mt.max_tokens > mr.max_context_tokens then jsonb_build_object(
        'status', 422, 'code', 'max_tokens_over_context', 'field', mt.field,
        'limit', mr.max_context_tokens,
        'message', format('max_tokens %s is over %s''s context of %s tokens', mt.max_tokens,
          mr.id, mr.max_context_tokens))
    end,
    coalesce((select jsonb_agg(jsonb_build_object('id', x.id, 'name', x.name, 'type', x.type,
        'config', x.config, 'updated_at', x.updated_at) order by x.created_at, x.id)
      from public.validators x where x.prompt_id = p.id and x.enabled
        and p.user_id = me.uid), '[]'),  -- shared: the owner's validators are the owner's
    twin.id, twin.prompt_id,
    -- Where the call may go: the model's own provider, OpenRouter (any model), OpenAI (the
    -- project's key) and the stand-in; the API picks one by the keys it has.
    coalesce((select jsonb_agg(jsonb_build_object(
        'id', l.id, 'base_url', l.base_url, 'is_standin', l.is_standin,
        'limits', case when coalesce(l.requests_per_minute, l.requests_per_day,
            l.tokens_per_minute) is not null then jsonb_build_object(
          'requests_per_minute', l.requests_per_minute, 'requests_per_day', l.requests_per_day,
          'tokens_per_minute', l.tokens_per_minute) end,
        'key', (select jsonb_build_object('ciphertext', encode(k.encrypted_key, 'base64'),
            'iv', encode(k.iv, 'base64'))
          from public.provider_keys k
          where p_with_keys and k.user_id = me.uid and k.provider_id = l.id
            and l.id in (mr.provider_id, 'openrouter')))
        order by l.id)
      from public.providers l
      where l.is_enabled and (l.id in (mr.provider_id, 'openrouter', 'openai') or l.is_standin)),
      '[]'),
    p.name, lv.label, v.messages, v.response_format
  from (select (select auth.uid()) as uid) me
  -- shared: the caller's prompt, or anyone's public prompt.
  -- by id, or by the caller's own name for it
  left join public.prompts p on p.id = coalesce(p_prompt_id, (select n.id from public.prompts n
      where p_prompt_id is null and n.user_id = me.uid and n.name = p_prompt_name))
    and (p.user_id = me.uid or p.visibility = 'public')
  -- the label asked for: latest is the current version; another, the owner's pointer
  left join lateral (select p_label as label, case when p_label = 'latest' then p.current_version_id
      else (select l.version_id from public.prompt_labels l
        where l.prompt_id = p.id and l.label = p_label and p.user_id = me.uid) end as version_id
    where p_label is not null) lv on true
  left join public.prompt_versions v
    on v.id = case when p_label is not null then lv.version_id
        else coalesce(p_version_id, p.current_version_id) end
      and v.prompt_id = p.id
    -- shared: someone else's prompt runs at its current (published) version only.
    and (p.user_id = me.uid or v.id = p.current_version_id)
  left join public.profiles pr on pr.id = me.uid
  left join public.user_settings us on us.user_id = me.uid
  -- The model cascade: asked for, the version's, the user's default, then the system default
  -- (the stand-in's model on a stack that runs without provider keys).
  cross join lateral (select coalesce(p_model, v.model_config ->> 'model', us.default_model,
    p_fallback_model, case when p_standin_default
      then (select d.id from public.models d join public.providers dp on dp.id = d.provider_id
        where dp.is_standin and d.is_active order by d.id limit 1)
      else (select d.id from public.models d where d.is_default and d.is_active) end) as name) m
  left join public.models mr on mr.id = m.name and mr.is_active
  left join public.providers prov on prov.id = mr.provider_id and prov.is_enabled
  left join public.plan_limits pl on pl.plan = pr.plan
  -- max_tokens: asked for, the version's, else as much as both the plan and the model allow.
  cross join lateral (select
    coalesce(p_max_tokens, (v.model_config ->> 'max_tokens')::integer,
      least(pl.max_output_tokens, mr.max_context_tokens)) as max_tokens,
    case when p_max_tokens is not null then 'max_tokens' else 'model_config.max_tokens' end
      as field) mt
  left join lateral (select r.id, r.prompt_id from public.runs r
    where p_idempotency_key is not null and r.user_id = me.uid
      and r.idempotency_key = p_idempotency_key) twin on true
  -- The caller's prompt (RLS says so for a caller, and start_run, which runs as its owner, relies
  -- on the join's condition), or no prompt at all for a call that has none (the builder's).
  where me.uid is not null and (p.id is not null or (p_prompt_id is null and p_prompt_name is null));
end;
$$;

comment on function public.prepare_run(uuid, uuid, text, text, text, boolean, numeric, integer, boolean, text, text) is
  'What a model call on this prompt (by id, or by the caller''s name and label) needs, read as the caller; no row when the prompt is not theirs.';
revoke execute on function public.prepare_run(uuid, uuid, text, text, text, boolean, numeric, integer, boolean, text, text) from public, anon;
grant execute on function public.prepare_run(uuid, uuid, text, text, text, boolean, numeric, integer, boolean, text, text) to authenticated, service_role;

-- security definer: callers cannot insert into runs or run_events; whose prompt it is is checked
-- (prepare_run filters by the caller too).
create function public.start_run(
  p_prompt_id uuid,
  p_version_id uuid default null,
  p_model text default null,
  p_temperature numeric default null,
  p_max_tokens integer default null,
  p_variables jsonb default '{}',
  p_text text default null,
  p_kind public.run_kind default 'prompt',
  p_idempotency_key text default null,
  p_timeout_ms integer default null,
  p_streamed boolean default false,
  p_project_keys text[] default '{}',
  p_standin boolean default false,
  p_with_keys boolean default false,
  p_builder jsonb default null,
  p_prompt_name text default null,
  p_label text default null,
  p_messages jsonb default null
)
returns table (
  run_id uuid,
  replayed boolean,
  plan text,
  model_id text,
  target jsonb,
  temperature numeric,
  max_tokens integer,
  validators jsonb,
  resolved_prompt text,
  prompt_id uuid,
  version_id uuid,
  version_number integer,
  label text,
  messages jsonb,
  response_format jsonb,
  price jsonb
)
language plpgsql
security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  caller uuid := (select auth.uid());
  p record;
  text_ text;
  used jsonb := '{}';
  chosen jsonb;
  snapshot jsonb;
  new_id uuid;
  existing record;
  -- changed: a gateway run has no prompt either
  builder boolean := p_kind in ('builder_questions', 'builder_template', 'builder_polish', 'gateway');
  msgs jsonb;
begin
  if builder and (p_prompt_id is not null or p_prompt_name is not null) then
    raise exception 'a % call has no prompt', p_kind
      using errcode = 'PL422', hint = 'validation_failed';
  end if;
  -- changed: by id, or by name and label
  select * into p from public.prepare_run(p_prompt_id, p_version_id, p_model, null,
    p_idempotency_key, p_with_keys, p_temperature, p_max_tokens,
    p_standin and cardinality(p_project_keys) = 0, p_prompt_name, p_label);
  if caller is null or (p.prompt_id is null and not builder) then
    raise exception 'prompt % not found', coalesce(p_prompt_id::text, p_prompt_name)
      using errcode = 'PL404', hint = 'prompt_not_found';
  end if;
  if p.existing_run_id is not null then
    if p.existing_run_prompt_id is distinct from p.prompt_id then
      raise exception 'this Idempotency-Key was already used for another prompt'
        using errcode = 'PL409', hint = 'idempotency_key_reused';
    end if;
    return query select p.existing_run_id, true, p.plan, null::text, null::jsonb, null::numeric,
      null::integer, null::jsonb, null::text, null::uuid, null::uuid, null::integer, null::text,
      null::jsonb, null::jsonb, null::jsonb;
    return;
  end if;
  if p.version_id is null and not builder then
    -- changed: a label that does not exist is named as such
    if p_label is not null then
      raise exception 'this prompt has no label %', p_label
        using errcode = 'PL404', hint = 'label_not_found',
          detail = jsonb_build_object('fields', jsonb_build_array(jsonb_build_object(
            'field', 'label', 'message', 'no such label on this prompt')))::text;
    end if;
    if p_version_id is not null then
      raise exception 'no such version of this prompt'
        using errcode = 'PL404', hint = 'version_not_found';
    end if;
    raise exception 'this prompt has no version to run yet'
      using errcode = 'PL422', hint = 'no_version';
  end if;
  if p.model is null then
    raise exception 'unknown or retired model %', p.model_name
      using errcode = 'PL422', hint = 'unknown_model',
        detail = '{"fields":[{"field":"model","message":"not an active model"}]}';
  end if;
  if p.refusal is not null then
    raise exception '%', p.refusal ->> 'message'
      using errcode = 'PL' || (p.refusal ->> 'status'), hint = p.refusal ->> 'code',
        detail = jsonb_build_object('limit', p.refusal -> 'limit', 'fields', jsonb_build_array(
          jsonb_build_object('field', p.refusal ->> 'field',
            'message', p.refusal ->> 'message')))::text;
  end if;

  -- changed: a chat version renders its messages; appended messages follow the prompt's; a
  -- gateway run sends the caller's messages. Then text_ is the messages written out.
  if coalesce(p_kind, 'prompt') = 'prompt' and p.messages is not null then
    select r.rendered, r.used into msgs, used
    from private.render_messages(p.messages, p.variables, p_variables) r;
  elsif coalesce(p_kind, 'prompt') = 'prompt' then
    select r.rendered, r.used into text_, used
    from private.render_prompt(p.content, p.variables, p_variables) r;
  elsif p_kind = 'gateway' then
    msgs := '[]';
  else
    text_ := p_text;
  end if;
  if p_messages is not null then
    if not private.is_valid_prompt_messages(p_messages) then
      raise exception 'messages must be 1 to 100 of {role: system|user|assistant, content: text}'
        using errcode = 'PL422', hint = 'validation_failed',
          detail = '{"fields":[{"field":"messages","message":"invalid messages"}]}';
    end if;
    msgs := coalesce(msgs, jsonb_build_array(jsonb_build_object('role', 'user', 'content', text_)))
      || p_messages;
  end if;
  if msgs is not null then
    text_ := (select string_agg('[' || (m.value ->> 'role') || E']\n' || (m.value ->> 'content'),
        E'\n\n' order by m.n)
      from jsonb_array_elements(msgs) with ordinality as m (value, n));
  end if;
  if text_ is null then
    raise exception 'a % call needs its text', p_kind
      using errcode = 'PL422', hint = 'validation_failed';
  end if;
  -- A small template with many placeholders can render very large: bounded by the plan.
  if char_length(text_) > p.max_prompt_chars then
    raise exception 'the rendered prompt has % characters; the % plan allows %',
        char_length(text_), p.plan, p.max_prompt_chars
      using errcode = 'PL413', hint = 'prompt_too_large',
        detail = jsonb_build_object('limit', p.max_prompt_chars, 'length', char_length(text_),
          'fields', jsonb_build_array(jsonb_build_object('field', 'variables',
            'message', format('the rendered prompt is over %s characters',
              p.max_prompt_chars))))::text;
  end if;

  chosen := private.choose_provider(p.model, p.providers, p_project_keys, p_standin);

  select jsonb_build_object(
      'model_id', m.id,
      'price_per_1k_input', m.price_per_1k_input,
      'price_per_1k_output', m.price_per_1k_output,
      'price_per_1k_cached_input', m.price_per_1k_cached_input)
    into snapshot
  from public.models m
  join public.providers pr on pr.id = m.provider_id
  where m.is_active
    and case when chosen ->> 'key_source' = 'standin' then pr.is_standin
      else m.id = p.model_name end
  order by m.id = p.model_name desc, m.id
  limit 1;

  insert into public.runs (user_id, prompt_id, version_id, kind, model, provider_id, key_source,
    input, variables, resolved_prompt, temperature, max_tokens, price_snapshot, idempotency_key,
    timeout_ms, streamed, status, started_at, framework, tone, length, vibe_coding, label,
    resolved_messages)
  values (caller, p.prompt_id, p.version_id, coalesce(p_kind, 'prompt'), p.model_name,
    chosen ->> 'id', chosen ->> 'key_source',
    case when builder then coalesce(p_builder -> 'input', '{}') else used end, used, text_,
    p.temperature, p.max_tokens, snapshot, p_idempotency_key, p_timeout_ms,
    coalesce(p_streamed, false), 'running', now(),
    case when builder then p_builder ->> 'framework' end,
    case when builder then (p_builder ->> 'tone')::public.builder_tone end,
    case when builder then (p_builder ->> 'length')::public.builder_length end,
    case when builder then (p_builder ->> 'vibe_coding')::boolean end, p.label, msgs)
  on conflict (user_id, idempotency_key) where idempotency_key is not null do nothing
  returning id into new_id;

  if new_id is null then
    -- A run with this key exists (a concurrent twin waited for it to commit): it is the answer.
    select r.id, r.prompt_id into existing
    from public.runs r
    where r.user_id = caller and r.idempotency_key = p_idempotency_key;
    if existing.prompt_id is distinct from p.prompt_id then
      raise exception 'this Idempotency-Key was already used for another prompt'
        using errcode = 'PL409', hint = 'idempotency_key_reused';
    end if;
    return query select existing.id, true, p.plan, null::text, null::jsonb, null::numeric,
      null::integer, null::jsonb, null::text, null::uuid, null::uuid, null::integer, null::text,
      null::jsonb, null::jsonb, null::jsonb;
    return;
  end if;

  if coalesce(p_kind, 'prompt') = 'prompt' then
    insert into public.run_events (user_id, prompt_id, event_type, payload)
    values (caller, p.prompt_id, 'run', jsonb_build_object('run_id', new_id,
      'model', p.model_name, 'provider_id', chosen ->> 'id',
      'key_source', chosen ->> 'key_source', 'version_id', p.version_id));
  end if;
  return query select new_id, false, p.plan, p.model_name, chosen, p.temperature, p.max_tokens,
    case when coalesce(p_kind, 'prompt') = 'prompt' then p.validators else '[]'::jsonb end,
    text_, p.prompt_id, p.version_id, p.version_number, p.label, msgs, p.response_format, snapshot;
end;
$$;

comment on function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb, text, text, jsonb) is
  'The one statement before a model call: prepares, renders, checks, routes, prices and records a running run of the caller''s prompt (by id or name@label), or of a plain model (gateway), or answers with the run already made with this idempotency key. service_role only.';
revoke execute on function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb, text, text, jsonb) from public, anon, authenticated;
grant execute on function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb, text, text, jsonb) to service_role;
