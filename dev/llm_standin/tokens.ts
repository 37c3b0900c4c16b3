// Token counting for the LLM stand-in. Usage numbers must be real counts from the text, not
// guesses, because cost accounting and quota tests compare them with what a tokenizer says.
// o200k_base is the encoding of the gpt-4o / gpt-4.1 / o-series family.
import { decode, encode } from "gpt-tokenizer/encoding/o200k_base";

// Special-token markers in user text (e.g. "<|endoftext|>") are counted as plain text, as the
// API does for message content, instead of throwing.
const plainText = { disallowedSpecial: new Set<string>() };

// A run of more than 256 non-space (or space) characters is one piece for the tokenizer, whose
// merge loop is quadratic in a piece's length (100,000 characters of one "word" took 4 s, 90,000
// spaces 7 s, holding the stand-in for everyone): such runs are encoded in slices of 256, which
// leaves every ordinary text's count exactly as it was and changes a long run's by at most a
// token a slice.
const SLICE = 256;
const LONG_RUN = /\S{257,}|\s{257,}/g;

export function encodeText(text: string): number[] {
  if (text.length <= SLICE || !/\S{257}|\s{257}/.test(text)) return encode(text, plainText);
  const tokens: number[] = [];
  const add = (part: string) => {
    for (const t of encode(part, plainText)) tokens.push(t);
  };
  let from = 0;
  for (const m of text.matchAll(LONG_RUN)) {
    add(text.slice(from, m.index));
    for (let i = 0; i < m[0].length; i += SLICE) add(m[0].slice(i, i + SLICE));
    from = m.index + m[0].length;
  }
  add(text.slice(from));
  return tokens;
}

export function countTextTokens(text: string): number {
  return encodeText(text).length;
}

export interface CountedMessage {
  role: string;
  content: string;
  name?: string;
}

// OpenAI's documented accounting for chat prompts of the gpt-4o family (openai-cookbook, "How to
// count tokens with tiktoken"): 3 tokens of framing per message, 1 more when it has a name, and
// 3 that prime the assistant's reply.
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING_TOKENS = 3;

export function countPromptTokens(messages: readonly CountedMessage[]): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const m of messages) {
    total += TOKENS_PER_MESSAGE + countTextTokens(m.role) + countTextTokens(m.content);
    if (m.name) total += TOKENS_PER_NAME + countTextTokens(m.name);
  }
  return total;
}

export interface TokenPieces {
  pieces: string[];
  truncated: boolean;
}

// Splits text into per-token pieces for streaming, keeping at most `limit` tokens. Tokens that
// end inside a multi-byte character are joined with the next one so that no chunk carries half
// a character (decode would turn it into U+FFFD).
export function tokenPieces(text: string, limit?: number): TokenPieces {
  const tokens = encodeText(text);
  const kept = limit === undefined ? tokens : tokens.slice(0, limit);
  const pieces: string[] = [];
  let pending: number[] = [];
  for (const token of kept) {
    pending.push(token);
    const piece = decode(pending);
    if (!piece.endsWith("\uFFFD")) {
      pieces.push(piece);
      pending = [];
    }
  }
  const truncated = kept.length < tokens.length;
  // A dangling partial character is dropped when truncating; otherwise it is genuine text.
  if (pending.length > 0 && !truncated) pieces.push(decode(pending));
  return { pieces, truncated };
}
