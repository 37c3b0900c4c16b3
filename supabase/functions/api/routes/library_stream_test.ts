import assert from "node:assert/strict";
import { EXPORT_PAGE_SIZE, rawExportPage, splitCsvRecords, streamLibrary } from "./library_io.ts";

const head = { format: "promptline.library", version: 1, catalogs: [], tags: ["t"] };

async function drain(pages: number[]) {
  const asked: (string | null)[] = [];
  let n = 0;
  const stream = streamLibrary(head, (after) => {
    asked.push(after?.id ?? null);
    const count = pages[n++] ?? 0;
    const items = Array.from({ length: count }, (_, i) => JSON.stringify({ n, i }));
    return Promise.resolve({
      prompts: count ? new TextEncoder().encode(items.join(",")) : null,
      prompt_count: count,
      last_catalog: count ? "" : null,
      last_title: count ? `t${n}` : null,
      last_id: count ? `id${n}` : null,
    });
  });
  const text = await new Response(stream).text();
  return { doc: JSON.parse(text), asked };
}

Deno.test("streamLibrary: the head, then each page's prompts, as one JSON document", async () => {
  const empty = await drain([]);
  assert.deepEqual(empty.doc, { ...head, prompts: [] });
  assert.deepEqual(empty.asked, [null]);

  const short = await drain([2]);
  assert.deepEqual(short.doc.prompts, [{ n: 1, i: 0 }, { n: 1, i: 1 }]);
  assert.deepEqual(short.asked, [null], "a short page is the last: no further read");

  const full = await drain([EXPORT_PAGE_SIZE, EXPORT_PAGE_SIZE, 1]);
  assert.equal(full.doc.prompts.length, 2 * EXPORT_PAGE_SIZE + 1);
  assert.deepEqual(full.asked, [null, "id1", "id2"], "each read starts after the last key");

  const exact = await drain([EXPORT_PAGE_SIZE]);
  assert.equal(exact.doc.prompts.length, EXPORT_PAGE_SIZE);
  assert.deepEqual(exact.asked, [null, "id1"], "a full page asks once more, for an empty one");
});

Deno.test("rawExportPage: a raw row's columns as the page (bytes kept, the rest decoded)", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  const page = rawExportPage([
    bytes('{"title":"caf\u00e9 \u2615"}'),
    bytes("1"),
    bytes(""),
    bytes("Caf\u00e9"),
    bytes("00000000-0000-4000-8000-000000000001"),
  ]);
  assert.equal(new TextDecoder().decode(page.prompts!), '{"title":"caf\u00e9 \u2615"}');
  assert.deepEqual({ ...page, prompts: null }, {
    prompts: null,
    prompt_count: 1,
    last_catalog: "",
    last_title: "Caf\u00e9",
    last_id: "00000000-0000-4000-8000-000000000001",
  });
  assert.deepEqual(rawExportPage([null, bytes("0"), null, null, null]), {
    prompts: null,
    prompt_count: 0,
    last_catalog: null,
    last_title: null,
    last_id: null,
  });
});

Deno.test("streamLibrary: a failed page read errors the stream (no document that looks whole)", async () => {
  const stream = streamLibrary(head, () => Promise.reject(new Error("database gone")));
  await assert.rejects(new Response(stream).text(), /database gone/);
});

Deno.test("splitCsvRecords: records end at line feeds outside quotes; blank lines are not records", () => {
  const csv = 'act,prompt\r\nA,"one\nline, ""two"""\r\n\r\nB,b\nC,"c"';
  const bytes = new TextEncoder().encode(csv);
  const { headerEnd, records } = splitCsvRecords(bytes);
  const text = (r: [number, number]) => new TextDecoder().decode(bytes.subarray(...r));
  assert.equal(text([0, headerEnd]), "act,prompt\r\n");
  assert.deepEqual(records.map(text), ['A,"one\nline, ""two"""\r\n', "B,b\n", 'C,"c"']);
  assert.deepEqual(splitCsvRecords(new Uint8Array()), {
    headerEnd: 0,
    records: [],
    strayQuoteRow: null,
  });
  assert.equal(splitCsvRecords(bytes).strayQuoteRow, null, "quoted and doubled quotes are fine");
});

Deno.test("splitCsvRecords: a quote inside a field that does not start with one names its row", () => {
  const row = (csv: string) => splitCsvRecords(new TextEncoder().encode(csv)).strayQuoteRow;
  assert.equal(row('act,prompt\nA,"fine ""x"""\nB,a 5" screen\nC,c\n'), 3);
  assert.equal(row('act,prompt\nA,he said "hi" ok\n'), 2);
  assert.equal(row('a"ct,prompt\nA,b\n'), 1);
  assert.equal(row('act,prompt\r\n"A","b"\r\n"","x"\r\n'), null);
});
