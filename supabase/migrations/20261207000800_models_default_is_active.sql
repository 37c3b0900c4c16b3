-- The system default model is the one runs use when nothing else names one: it is always an
-- active model. A constraint, so no write path can break it (the admin API, Studio, SQL): a
-- retired model cannot be made the default, and the default cannot be retired until another
-- model is made the default (one at a time: models_one_default).
alter table public.models
  add constraint models_default_is_active check (is_active or not is_default);
comment on constraint models_default_is_active on public.models is
  'The default model (is_default) is an active one.';
