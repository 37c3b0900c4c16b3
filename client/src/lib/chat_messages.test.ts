import { describe, expect, it } from "vitest";
import {
  addMessage,
  messagesText,
  moveMessage,
  removeMessage,
  textToMessages,
  updateMessage,
} from "./chat_messages.ts";
import type { ChatMessage } from "./types.ts";

const list: ChatMessage[] = [
  { role: "system", content: "You are {{persona}}." },
  { role: "user", content: "Hi {{who}}" },
];

describe("chat message editing", () => {
  it("adds a turn of the other speaker after a user message, else a user turn", () => {
    expect(addMessage(list).at(-1)).toEqual({ role: "assistant", content: "" });
    expect(addMessage([{ role: "system", content: "" }]).at(-1)?.role).toBe("user");
    expect(addMessage([])).toEqual([{ role: "user", content: "" }]);
  });

  it("removes and updates one message without touching the others", () => {
    expect(removeMessage(list, 0)).toEqual([list[1]]);
    expect(updateMessage(list, 1, { role: "assistant" })[1]).toEqual({
      role: "assistant",
      content: "Hi {{who}}",
    });
    expect(list[1]?.role).toBe("user");
  });

  it("moves a message up or down, and not past either end", () => {
    expect(moveMessage(list, 1, -1)).toEqual([list[1], list[0]]);
    expect(moveMessage(list, 0, 1)).toEqual([list[1], list[0]]);
    expect(moveMessage(list, 0, -1)).toBe(list);
    expect(moveMessage(list, 1, 1)).toBe(list);
  });

  it("reads placeholders from every message, and turns text into a user message", () => {
    expect(messagesText(list)).toBe("You are {{persona}}.\nHi {{who}}");
    expect(textToMessages("Hi {{who}}")).toEqual([{ role: "user", content: "Hi {{who}}" }]);
  });
});
