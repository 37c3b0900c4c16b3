// The bodies the stand-in answers with, shaped like OpenAI's: completions, stream chunks and
// the usage object.
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

export function usage(
  prompt: number,
  completion: number,
  cached: number,
  reasoning: number,
): Usage {
  // Reasoning tokens are billed as completion tokens, as in OpenAI's usage object.
  const completionTotal = completion + reasoning;
  return {
    prompt_tokens: prompt,
    completion_tokens: completionTotal,
    total_tokens: prompt + completionTotal,
    prompt_tokens_details: { cached_tokens: Math.min(cached, prompt), audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

export const FINGERPRINT = "promptline-standin";

export interface Envelope {
  id: string;
  created: number;
  model: string;
}

export function completionBody(e: Envelope, content: string, finish: string, u: Usage) {
  return {
    ...e,
    object: "chat.completion",
    system_fingerprint: FINGERPRINT,
    choices: [{
      index: 0,
      message: { role: "assistant", content, refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: finish,
    }],
    usage: u,
  };
}

export function chunkBody(
  e: Envelope,
  delta: Record<string, unknown>,
  finish: string | null,
  includeUsage: boolean,
) {
  return {
    ...e,
    object: "chat.completion.chunk",
    system_fingerprint: FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    // With include_usage, OpenAI sends `usage: null` on every chunk but the last.
    ...(includeUsage ? { usage: null } : {}),
  };
}

export function usageChunkBody(e: Envelope, u: Usage) {
  return {
    ...e,
    object: "chat.completion.chunk",
    system_fingerprint: FINGERPRINT,
    choices: [],
    usage: u,
  };
}
