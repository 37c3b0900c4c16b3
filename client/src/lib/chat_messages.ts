// Editing a chat version's messages: an ordered list of { role, content } that the editor adds
// to, removes from and reorders, and whose placeholders define the version's variables.
import type { ChatMessage } from "./types.ts";

export type ChatRole = ChatMessage["role"];

/** A new message after the last: a user turn after a system or assistant one, else assistant. */
export function addMessage(list: ChatMessage[]): ChatMessage[] {
  const last = list.at(-1)?.role;
  return [...list, { role: last === "user" ? "assistant" : "user", content: "" }];
}

export function removeMessage(list: ChatMessage[], index: number): ChatMessage[] {
  return list.filter((_, i) => i !== index);
}

export function updateMessage(
  list: ChatMessage[],
  index: number,
  change: Partial<ChatMessage>,
): ChatMessage[] {
  return list.map((m, i) => (i === index ? { ...m, ...change } : m));
}

/** Moves a message up (-1) or down (+1); a move past either end changes nothing. */
export function moveMessage(list: ChatMessage[], index: number, by: -1 | 1): ChatMessage[] {
  const to = index + by;
  const moved = list[index];
  const other = list[to];
  if (!moved || !other) return list;
  const out = [...list];
  out[to] = moved;
  out[index] = other;
  return out;
}

/** All the messages' text, in order: what their {{placeholders}} are read from. */
export const messagesText = (list: ChatMessage[]): string => list.map((m) => m.content).join("\n");

/** A text prompt turned into chat keeps its text as the user message. */
export const textToMessages = (content: string): ChatMessage[] => [{ role: "user", content }];
