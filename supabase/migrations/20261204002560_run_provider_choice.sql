-- Where a model call is sent and with whose key, chosen among the provider rows prepare_run
-- offers (each with its base URL, limits and the caller's encrypted key): the user's own key for
-- the model's vendor, else their OpenRouter key, else a key the deployment holds (OpenRouter for
-- any model, OpenAI for OpenAI's, or a custom OpenAI-compatible server), else, on the local stack
-- only, the deterministic stand-in. The choice is recorded on the run (provider_id, key_source).
-- The deployment's own keys are secrets of the edge function: it says which it has
-- (p_project_keys: 'openrouter', 'openai', 'custom'), never what they are.

create function private.choose_provider(
  p_model jsonb,
  p_providers jsonb,
  p_project_keys text[],
  p_standin boolean
)
returns jsonb
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  vendor jsonb;
  router jsonb;
  openai jsonb;
  standin jsonb;
  why text;
begin
  select x into vendor from jsonb_array_elements(p_providers) x
  where x ->> 'id' = p_model ->> 'provider_id';
  select x into router from jsonb_array_elements(p_providers) x where x ->> 'id' = 'openrouter';
  select x into openai from jsonb_array_elements(p_providers) x where x ->> 'id' = 'openai';
  select x into standin from jsonb_array_elements(p_providers) x
  where (x ->> 'is_standin')::boolean;

  if (p_model ->> 'provider_is_standin')::boolean then
    if p_standin and standin is not null then
      return standin || jsonb_build_object('key_source', 'standin', 'model', p_model ->> 'id');
    end if;
    why := 'the stand-in model only exists on the local stack';
  elsif jsonb_typeof(vendor -> 'key') = 'object' then
    return vendor || jsonb_build_object('key_source', 'user',
      'model', p_model ->> 'provider_model_id');
  elsif jsonb_typeof(router -> 'key') = 'object' then
    return router || jsonb_build_object('key_source', 'user', 'model', p_model ->> 'id');
  elsif router is not null and 'openrouter' = any (p_project_keys) then
    return (router - 'key') || jsonb_build_object('key_source', 'project',
      'model', p_model ->> 'id');
  elsif openai is not null and 'openai' = any (p_project_keys)
      and p_model ->> 'provider_id' = 'openai' then
    return (openai - 'key') || jsonb_build_object('key_source', 'project',
      'model', p_model ->> 'provider_model_id');
  elsif 'custom' = any (p_project_keys) then
    -- Any OpenAI-compatible server the deployment names (Ollama, vLLM, LiteLLM…): no row, so
    -- no limits; its address is the edge function's setting.
    return jsonb_build_object('id', 'custom', 'base_url', null, 'is_standin', false,
      'limits', null, 'key', null, 'key_source', 'project', 'model', p_model ->> 'id');
  elsif p_standin and standin is not null then
    return standin || jsonb_build_object('key_source', 'standin', 'model', p_model ->> 'id');
  else
    why := 'no provider key is configured for it; add your own key';
  end if;

  raise exception 'model % cannot be run: %', p_model ->> 'id', why
    using errcode = 'PL422', hint = 'model_unavailable',
      detail = jsonb_build_object('fields', jsonb_build_array(
        jsonb_build_object('field', 'model', 'message', why)))::text;
end;
$$;

comment on function private.choose_provider(jsonb, jsonb, text[], boolean) is
  'The provider row a call goes to and whose key pays (user, project or standin), or PL422.';

revoke all on function private.choose_provider(jsonb, jsonb, text[], boolean) from public, anon, authenticated;
