import { describe, expect, it } from "vitest";
import { parseSse, readSse } from "./sse.ts";

describe("parseSse", () => {
  it("splits complete events and keeps the unfinished rest", () => {
    const { messages, rest } = parseSse(
      'event: delta\ndata: {"text":"Hi"}\n\n: comment\n\nevent: run\ndata: {"id"',
    );
    expect(messages).toEqual([{ event: "delta", data: '{"text":"Hi"}' }]);
    expect(rest).toBe('event: run\ndata: {"id"');
  });

  it("joins multi-line data and defaults the event name", () => {
    expect(parseSse("data: a\ndata: b\r\n\r\n").messages).toEqual([{
      event: "message",
      data: "a\nb",
    }]);
  });
});

describe("readSse", () => {
  it("reassembles events split across chunks, multi-byte characters too", async () => {
    const bytes = new TextEncoder().encode(
      'event: delta\ndata: {"text":"é"}\n\nevent: run\ndata: {}\n\n',
    );
    const cut = bytes.indexOf(0xc3) + 1; // in the middle of "é"
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, cut));
        c.enqueue(bytes.slice(cut));
        c.close();
      },
    });
    const out = [];
    for await (const m of readSse(body)) out.push(m);
    expect(out).toEqual([{ event: "delta", data: '{"text":"é"}' }, { event: "run", data: "{}" }]);
  });
});
