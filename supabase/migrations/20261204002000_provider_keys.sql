-- Provider keys (seed 004's api_configurations): a user's own key for a provider, so their runs
-- are billed to them. The API encrypts the key with AES-GCM under a secret only the edge
-- function holds; SQL stores ciphertext and IV and shows people the last four characters.

create table public.provider_keys (
  id uuid primary key default extensions.gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  provider_id text not null references public.providers (id) on update cascade on delete cascade,
  -- AES-GCM output: ciphertext followed by its 16-byte tag.
  encrypted_key bytea not null check (octet_length(encrypted_key) between 17 and 4096),
  iv bytea not null check (octet_length(iv) = 12),
  last4 text not null check (char_length(last4) = 4),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, provider_id)
);
comment on table public.provider_keys is 'Users'' own provider keys, AES-GCM encrypted by the API; last4 is shown.';

create index provider_keys_provider_id_idx on public.provider_keys (provider_id);

create trigger provider_keys_set_updated_at before update on public.provider_keys
  for each row execute function private.set_updated_at();

alter table public.provider_keys enable row level security;

create policy "Users can view their own provider keys" on public.provider_keys
  for select to authenticated using (user_id = (select auth.uid()));
-- Changing keys needs a live session (signed in, not signed out since).
create policy "Users can add their own provider keys" on public.provider_keys
  for insert to authenticated
  with check (user_id = (select auth.uid()) and (select private.session_is_live()));
create policy "Users can update their own provider keys" on public.provider_keys
  for update to authenticated
  using (user_id = (select auth.uid()) and (select private.session_is_live()))
  with check (user_id = (select auth.uid()) and (select private.session_is_live()));
create policy "Users can delete their own provider keys" on public.provider_keys
  for delete to authenticated
  using (user_id = (select auth.uid()) and (select private.session_is_live()));

-- The owner may read their own ciphertext: the API decrypts it as the caller (no privileged
-- path), and hiding the column would gain nothing, since any function handing it to the API
-- would hand it to the same user too. Without the server's secret the bytes are useless, and
-- the API never returns them, only last4. Keys move between providers only by re-entry.
revoke all on public.provider_keys from anon, authenticated;
grant select on public.provider_keys to authenticated;
grant insert (user_id, provider_id, encrypted_key, iv, last4) on public.provider_keys to authenticated;
grant update (encrypted_key, iv, last4) on public.provider_keys to authenticated;
grant delete on public.provider_keys to authenticated;
