-- The run path for issue 19, continued (see 20261205002500_prepare_run_v2.sql): start_run takes
-- a name and label, renders a chat version's messages, appends a caller's messages, runs a
-- plain model with no stored prompt (gateway), records the label and the messages sent, and
-- answers with the price snapshot and the spend limit (user_budgets) a budget reserves against. Its new parameters and columns
-- come last. The body is 20261204002600_run_lifecycle.sql's with the changes marked "changed".

drop function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb);

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
  price jsonb,
  budget jsonb
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
  -- changed: a gateway run and a workflow gate's have no prompt either
  builder boolean := p_kind in ('builder_questions', 'builder_template', 'builder_polish', 'gateway',
    'workflow_gate');
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
    raise exception '%', case when p_prompt_name is null then format('prompt %s not found', p_prompt_id)
        else 'no prompt of yours has this name' end
      using errcode = 'PL404', hint = 'prompt_not_found';
  end if;
  if p.existing_run_id is not null then
    if p.existing_run_prompt_id is distinct from p.prompt_id then
      raise exception 'this Idempotency-Key was already used for another prompt'
        using errcode = 'PL409', hint = 'idempotency_key_reused';
    end if;
    return query select p.existing_run_id, true, p.plan, null::text, null::jsonb, null::numeric,
      null::integer, null::jsonb, null::text, null::uuid, null::uuid, null::integer, null::text,
      null::jsonb, null::jsonb, null::jsonb, null::jsonb;
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
      null::jsonb, null::jsonb, null::jsonb, null::jsonb;
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
    text_, p.prompt_id, p.version_id, p.version_number, p.label, msgs, p.response_format, snapshot,
    -- changed: the caller's monthly spend limit, which the API enforces in Upstash
    (select jsonb_build_object('limit_usd', b.monthly_limit_usd, 'alert_ratio', b.alert_ratio)
      from public.user_budgets b where b.user_id = caller and b.monthly_limit_usd is not null);
end;
$$;

comment on function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb, text, text, jsonb) is
  'The one statement before a model call: prepares, renders, checks, routes, prices and records a running run of the caller''s prompt (by id or name@label), or of a plain model (gateway), or answers with the run already made with this idempotency key. service_role only.';
revoke execute on function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb, text, text, jsonb) from public, anon, authenticated;
grant execute on function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb, text, text, jsonb) to service_role;
