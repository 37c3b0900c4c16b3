// Reading and writing a user's own provider key as the caller (RLS): the one place that knows
// how a provider_keys row is sealed, so the routes that store keys and the run engine that
// uses them agree on the additional data binding a ciphertext to its row.
import { one, type Tx } from "../_shared/db.ts";
import { ApiError } from "../_shared/errors.ts";
import { openSecret, sealSecret } from "../_shared/secret_box.ts";

/** Binds a ciphertext to its owner and provider, so copied bytes never open in another row. */
export const providerKeyAad = (userId: string, providerId: string) => `${userId}:${providerId}`;

/** 503 when the server holds no encryption secret: keys are then neither stored nor used. */
export function requireKeySecret(secret: string | undefined): string {
  if (!secret) {
    throw new ApiError(
      503,
      "provider_keys_unavailable",
      "provider keys are disabled: the server has no PROVIDER_KEY_ENCRYPTION_SECRET configured",
    );
  }
  return secret;
}

export interface StoredKey {
  provider: string;
  last4: string;
  created_at: string;
  updated_at: string;
  created: boolean;
}

/** Encrypts and upserts the caller's key for a provider; returns its public face. */
export async function storeProviderKey(
  tx: Tx,
  secret: string,
  userId: string,
  providerId: string,
  key: string,
): Promise<StoredKey> {
  const box = await sealSecret(secret, key, providerKeyAad(userId, providerId));
  const rows = await tx<StoredKey[]>`
    insert into public.provider_keys (user_id, provider_id, encrypted_key, iv, last4)
    values (${userId}, ${providerId}, ${box.ciphertext}, ${box.iv}, ${key.slice(-4)})
    on conflict (user_id, provider_id) do update
      set encrypted_key = excluded.encrypted_key, iv = excluded.iv, last4 = excluded.last4
    returning provider_id as provider, last4, created_at, updated_at, (xmax = 0) as created`;
  return one(rows, "the provider key upsert");
}

/** The caller's decrypted key for a provider, or null when they stored none. */
export async function loadProviderKey(
  tx: Tx,
  secret: string,
  userId: string,
  providerId: string,
): Promise<string | null> {
  const [row] = await tx<{ encrypted_key: Uint8Array; iv: Uint8Array }[]>`
    select encrypted_key, iv from public.provider_keys
    where user_id = ${userId} and provider_id = ${providerId}`;
  if (!row) return null;
  return await openSecret(
    secret,
    { ciphertext: row.encrypted_key, iv: row.iv },
    providerKeyAad(userId, providerId),
  );
}
