// Authenticated encryption of users' provider keys (AES-256-GCM, WebCrypto). The AES key is
// derived with HKDF-SHA-256 from the server secret PROVIDER_KEY_ENCRYPTION_SECRET, so the
// secret may be any long string and rotating it is a config change. The additional data
// (`${user_id}:${provider_id}`) binds a ciphertext to its row: bytes copied into another
// user's or provider's row fail to open instead of decrypting to someone else's key.

export interface SecretBox {
  /** AES-GCM output: ciphertext followed by the 16-byte tag. */
  ciphertext: Uint8Array;
  /** 12 random bytes, fresh for every seal (GCM must never reuse an IV under one key). */
  iv: Uint8Array;
}

export class SecretBoxError extends Error {}

// Fixed, public app salt and context: HKDF needs no secret salt, only a stable one, and the
// info string keeps this key distinct from anything else ever derived from the same secret.
const salt = new TextEncoder().encode("promptline/provider-keys/v1/salt");
const info = new TextEncoder().encode("promptline provider key encryption v1");
const encoder = new TextEncoder();

// Deriving is cheap but not free; a worker sees one secret, so remember its key.
const keys = new Map<string, Promise<CryptoKey>>();

function deriveKey(secret: string): Promise<CryptoKey> {
  if (secret.length < 16) throw new SecretBoxError("encryption secret must be 16+ characters");
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"])
      .then((base) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt, info },
          base,
          { name: "AES-GCM", length: 256 },
          false,
          ["encrypt", "decrypt"],
        )
      );
    keys.set(secret, key);
  }
  return key;
}

export async function sealSecret(
  secret: string,
  plaintext: string,
  aad: string,
): Promise<SecretBox> {
  const key = await deriveKey(secret);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(aad) },
    key,
    encoder.encode(plaintext),
  );
  return { ciphertext: new Uint8Array(ciphertext), iv };
}

/** Decrypts a box; throws SecretBoxError when the secret, aad or bytes are not the sealed ones. */
export async function openSecret(secret: string, box: SecretBox, aad: string): Promise<string> {
  const key = await deriveKey(secret);
  if (box.iv.length !== 12) throw new SecretBoxError("iv must be 12 bytes");
  try {
    // Copies: postgres.js hands bytea back as Buffers over shared pools, WebCrypto wants its own.
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: new Uint8Array(box.iv), additionalData: encoder.encode(aad) },
      key,
      new Uint8Array(box.ciphertext),
    );
    return new TextDecoder("utf-8", { fatal: true }).decode(plain);
  } catch {
    throw new SecretBoxError("cannot decrypt: wrong secret, wrong row, or tampered ciphertext");
  }
}
