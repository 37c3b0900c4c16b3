-- Studio (issue 18): every public table, view, column and function a Studio user sees says what it
-- is. The tables and functions had theirs; these are the columns that did not (pgTAP's
-- lint/comments test keeps it so for every new one).

comment on column public.admin_cost_by_model.model is 'Model id as recorded on the runs.';
comment on column public.admin_cost_by_model.runs is 'Runs of this model this month.';
comment on column public.admin_cost_by_model.input_tokens is 'Prompt tokens this month.';
comment on column public.admin_cost_by_model.output_tokens is 'Completion tokens this month.';
comment on column public.admin_cost_by_model.cost_usd is 'Cost this month, in USD, at each run''s price snapshot.';
comment on column public.admin_daily_runs.day is 'UTC day.';
comment on column public.admin_daily_runs.runs is 'Runs started that day.';
comment on column public.admin_daily_runs.failed is 'Of those, ended as error or timeout.';
comment on column public.admin_daily_runs.cost_usd is 'Their cost in USD.';
comment on column public.admin_daily_runs.users is 'Users who ran something that day.';
comment on column public.admin_errors_by_provider.provider_id is 'Provider the runs went to (none: never sent).';
comment on column public.admin_errors_by_provider.runs is 'Runs in the last 30 days.';
comment on column public.admin_errors_by_provider.errors is 'Of those, ended as error.';
comment on column public.admin_errors_by_provider.timeouts is 'Of those, ended as timeout.';
comment on column public.admin_errors_by_provider.last_error_at is 'When the last error or timeout started.';
comment on column public.admin_user_overview.user_id is 'The user.';
comment on column public.admin_user_overview.email is 'Their sign-in email.';
comment on column public.admin_user_overview.display_name is 'Their display name.';
comment on column public.admin_user_overview.role is 'user or admin.';
comment on column public.admin_user_overview.plan is 'free, pro or enterprise.';
comment on column public.admin_user_overview.disabled_at is 'When an admin disabled them; null when active.';
comment on column public.admin_user_overview.disabled_reason is 'Why they were disabled.';
comment on column public.admin_user_overview.created_at is 'When they signed up.';
comment on column public.admin_user_overview.runs_total is 'All their runs.';
comment on column public.admin_user_overview.runs_this_month is 'Their runs this calendar month (UTC).';
comment on column public.admin_user_overview.cost_total_usd is 'Cost of all their runs, USD.';
comment on column public.admin_user_overview.cost_this_month_usd is 'Cost of their runs this month, USD.';
comment on column public.admin_user_overview.last_run_at is 'When they last ran something.';

comment on column public.api_keys.id is 'Key id.';
comment on column public.api_keys.user_id is 'Owner; requests with the key act as this user.';
comment on column public.api_keys.name is 'Owner''s name for the key.';
comment on column public.api_keys.prefix is 'First 12 characters of the key, to tell keys apart.';
comment on column public.api_keys.key_hash is 'sha-256 of the key (hex); the key itself is never stored. Not readable by users.';
comment on column public.api_keys.last_used_at is 'Last request with the key (at most one update a minute).';
comment on column public.api_keys.revoked_at is 'When it was revoked; final.';
comment on column public.api_keys.expires_at is 'When it stops working, if set.';
comment on column public.api_keys.created_at is 'When it was made.';

comment on column public.catalogs.id is 'Catalog id.';
comment on column public.catalogs.user_id is 'Owner.';
comment on column public.catalogs.name is 'Name, unique per owner.';
comment on column public.catalogs.description is 'What the catalog holds.';
comment on column public.catalogs.created_at is 'When it was made.';
comment on column public.catalogs.updated_at is 'When it last changed.';

comment on column public.models.id is 'Model id as requested (e.g. openai/gpt-4o-mini).';
comment on column public.models.provider_id is 'The provider that serves it.';
comment on column public.models.provider_model_id is 'The id the provider''s API expects.';
comment on column public.models.display_name is 'Name shown in the app.';
comment on column public.models.tier is 'top, mid or low: which plans may run it (plan_limits.model_tiers).';
comment on column public.models.price_per_1k_input is 'USD per 1000 prompt tokens; runs snapshot it, so a change never reprices past runs.';
comment on column public.models.price_per_1k_output is 'USD per 1000 completion tokens; snapshotted by each run.';
comment on column public.models.price_per_1k_cached_input is 'USD per 1000 cached prompt tokens, if the provider discounts them.';
comment on column public.models.max_context_tokens is 'Context window in tokens.';
comment on column public.models.supports_tools is 'Whether the model takes tool definitions.';
comment on column public.models.supports_streaming is 'Whether the model streams.';
comment on column public.models.supports_structured_output is 'Whether the model takes a JSON schema for its answer.';
comment on column public.models.is_active is 'Offered and runnable when true.';
comment on column public.models.created_at is 'When it was added.';
comment on column public.models.updated_at is 'When it last changed.';

comment on column public.plan_limits.plan is 'The plan these limits apply to.';
comment on column public.plan_limits.updated_at is 'When the limits last changed; a change applies from the next run.';

comment on column public.prompt_answers.id is 'Answer id.';
comment on column public.prompt_answers.prompt_id is 'The prompt built from these answers.';
comment on column public.prompt_answers.user_id is 'Owner (the prompt''s owner).';
comment on column public.prompt_answers.question_id is 'Id of the clarifying question, unique per prompt.';
comment on column public.prompt_answers.question_text is 'The question as asked.';
comment on column public.prompt_answers.answer is 'The answer given.';
comment on column public.prompt_answers.position is 'Order of the question.';
comment on column public.prompt_answers.created_at is 'When it was answered.';

comment on column public.prompt_frameworks.name is 'Framework id (e.g. roses).';
comment on column public.prompt_frameworks.display_name is 'Name shown in the builder.';
comment on column public.prompt_frameworks.description is 'What the framework is for.';
comment on column public.prompt_frameworks.components is 'Its parts: name, label, guidance, required, example.';
comment on column public.prompt_frameworks.template is 'How the parts are assembled into a prompt.';
comment on column public.prompt_frameworks.examples is 'Worked examples.';
comment on column public.prompt_frameworks.enabled is 'Offered in the builder when true.';
comment on column public.prompt_frameworks.sort_order is 'Order in the builder.';
comment on column public.prompt_frameworks.created_at is 'When it was added.';
comment on column public.prompt_frameworks.updated_at is 'When it last changed.';

comment on column public.prompt_tags.prompt_id is 'The tagged prompt.';
comment on column public.prompt_tags.tag_id is 'The tag (same owner as the prompt).';
comment on column public.prompt_tags.user_id is 'Owner of both.';
comment on column public.prompt_tags.created_at is 'When the tag was put on.';

comment on column public.prompt_versions.id is 'Version id.';
comment on column public.prompt_versions.prompt_id is 'The prompt it is a version of.';
comment on column public.prompt_versions.user_id is 'Owner (the prompt''s owner).';
comment on column public.prompt_versions.version_number is '1, 2, 3… per prompt, given by a trigger.';
comment on column public.prompt_versions.title is 'The prompt''s title at this version.';
comment on column public.prompt_versions.content is 'The template, with {{variables}} (up to 100 000 characters). Immutable, like the whole row.';
comment on column public.prompt_versions.summary is 'What changed in this version.';
comment on column public.prompt_versions.variables is 'Typed variables: name, type, required, default, options.';
comment on column public.prompt_versions.model_config is 'Model, temperature, max_tokens and the like for runs of this version.';
comment on column public.prompt_versions.source is 'How it was made: manual, restore, improve, import, builder.';
comment on column public.prompt_versions.created_by is 'Who made it.';
comment on column public.prompt_versions.created_at is 'When it was made.';

comment on column public.prompts.id is 'Prompt id.';
comment on column public.prompts.user_id is 'Owner.';
comment on column public.prompts.catalog_id is 'Its catalog, if any.';
comment on column public.prompts.title is 'Title (1-300 characters).';
comment on column public.prompts.status is 'draft, published or archived.';
comment on column public.prompts.published_at is 'When it was first published.';
comment on column public.prompts.visibility is 'private or public; changes are audited.';
comment on column public.prompts.current_version_id is 'The version runs use by default (kept by triggers).';
comment on column public.prompts.created_at is 'When it was made.';
comment on column public.prompts.updated_at is 'When it last changed.';

comment on column public.provider_keys.id is 'Key id.';
comment on column public.provider_keys.user_id is 'Owner; their runs on this provider use the key.';
comment on column public.provider_keys.provider_id is 'The provider the key is for.';
comment on column public.provider_keys.encrypted_key is 'The key, AES-GCM encrypted by the API (never readable in plain text, never audited).';
comment on column public.provider_keys.iv is 'The encryption''s nonce.';
comment on column public.provider_keys.last4 is 'Last four characters, shown to the owner.';
comment on column public.provider_keys.created_at is 'When it was stored.';
comment on column public.provider_keys.updated_at is 'When it was last replaced.';

comment on column public.providers.id is 'Provider id (openai, openrouter, standin…).';
comment on column public.providers.name is 'Name shown in the app.';
comment on column public.providers.base_url is 'OpenAI-compatible API base URL.';
comment on column public.providers.is_standin is 'The local deterministic stand-in, not a real provider.';
comment on column public.providers.is_enabled is 'Runs may be sent to it when true.';
comment on column public.providers.requests_per_minute is 'Per-user request limit per minute; null is none.';
comment on column public.providers.requests_per_day is 'Per-user request limit per day; null is none.';
comment on column public.providers.tokens_per_minute is 'Per-user token limit per minute; null is none.';
comment on column public.providers.created_at is 'When it was added.';
comment on column public.providers.updated_at is 'When it last changed.';

comment on column public.run_events.id is 'Event id.';
comment on column public.run_events.user_id is 'Whose event.';
comment on column public.run_events.prompt_id is 'The prompt, if it still exists.';
comment on column public.run_events.event_type is 'run, improve, restore, delete… (KPI events).';
comment on column public.run_events.payload is 'Details of the event.';
comment on column public.run_events.created_at is 'When it happened; pruned past max_history_days with auto_cleanup.';

comment on column public.run_logs.id is 'Log line id.';
comment on column public.run_logs.run_id is 'The run.';
comment on column public.run_logs.user_id is 'The run''s owner.';
comment on column public.run_logs.level is 'debug, info, warn or error.';
comment on column public.run_logs.message is 'What happened.';
comment on column public.run_logs.data is 'Structured details.';
comment on column public.run_logs.created_at is 'When (the start line carries the run''s start time).';

comment on column public.runs.id is 'Run id.';
comment on column public.runs.prompt_id is 'The prompt run; null for the builder''s calls.';
comment on column public.runs.user_id is 'Who ran it.';
comment on column public.runs.model is 'Model id used.';
comment on column public.runs.status is 'pending, running, success, error, timeout or cancelled.';
comment on column public.runs.input is 'What was sent, as recorded.';
comment on column public.runs.model_metadata is 'What the provider said about the call (ids, finish reason).';
comment on column public.runs.token_usage is 'prompt_tokens and completion_tokens as counted.';
comment on column public.runs.latency_ms is 'Wall time of the provider call.';
comment on column public.runs.error_message is 'Why it failed, when it did.';
comment on column public.runs.started_at is 'When the provider call started.';
comment on column public.runs.completed_at is 'When it ended.';
comment on column public.runs.created_at is 'When the run was recorded.';
comment on column public.runs.version_id is 'The prompt version run.';
comment on column public.runs.provider_id is 'Provider the call went to.';
comment on column public.runs.key_source is 'Whose key paid: user, project or standin.';
comment on column public.runs.variables is 'The variables after defaults.';
comment on column public.runs.resolved_prompt is 'The rendered prompt sent.';
comment on column public.runs.temperature is 'Temperature used.';
comment on column public.runs.max_tokens is 'max_tokens used.';
comment on column public.runs.idempotency_key is 'The Idempotency-Key of the request, unique per user.';
comment on column public.runs.validation_status is 'passed or failed, when validators ran.';
comment on column public.runs.validation_results is 'Each validator''s result.';
comment on column public.runs.attempts is 'Provider attempts made (retries included).';
comment on column public.runs.timeout_ms is 'The call''s timeout.';
comment on column public.runs.streamed is 'Whether the answer was streamed.';

comment on column public.tags.id is 'Tag id.';
comment on column public.tags.user_id is 'Owner.';
comment on column public.tags.name is 'Name, unique per owner.';
comment on column public.tags.created_at is 'When it was made.';

comment on column public.validators.id is 'Validator id.';
comment on column public.validators.prompt_id is 'The prompt whose runs it checks.';
comment on column public.validators.user_id is 'Owner.';
comment on column public.validators.name is 'Name shown with its result.';
comment on column public.validators.type is 'json_schema, regex, max_length or contains.';
comment on column public.validators.config is 'Its settings (schema, pattern, length, text).';
comment on column public.validators.enabled is 'Runs check it when true.';
comment on column public.validators.created_at is 'When it was made.';
comment on column public.validators.updated_at is 'When it last changed.';
