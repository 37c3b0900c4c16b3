import assert from "node:assert/strict";
import {
  catalogName,
  convertPlaceholders,
  csvPromptsToLibrary,
  parsePromptCsv,
  PromptCsvError,
  variableName,
} from "./prompt_csv.ts";

Deno.test("a placeholder with a default becomes an optional variable", () => {
  const r = convertPlaceholders("Interview me for the ${Position:Software Developer} role.");
  assert.equal(r.template, "Interview me for the {{position}} role.");
  assert.deepEqual(r.variables, [
    { name: "position", type: "string", required: false, default: "Software Developer" },
  ]);
});

Deno.test("a placeholder without a default becomes a required variable", () => {
  const r = convertPlaceholders("Write about ${topic}.");
  assert.equal(r.template, "Write about {{topic}}.");
  assert.deepEqual(r.variables, [{ name: "topic", type: "string", required: true }]);
});

Deno.test("a repeated placeholder is one variable, optional if any occurrence has a default", () => {
  const r = convertPlaceholders("${city}: visit ${City:Paris}, then leave ${city} again.");
  assert.equal(r.template, "{{city}}: visit {{city}}, then leave {{city}} again.");
  assert.deepEqual(r.variables, [
    { name: "city", type: "string", required: false, default: "Paris" },
  ]);
});

Deno.test("the first default wins when occurrences disagree", () => {
  const r = convertPlaceholders("${lang:English} or ${lang:French}");
  assert.equal(r.variables[0]?.default, "English");
});

Deno.test("names with spaces, camelCase, apostrophes and accents become snake_case", () => {
  assert.equal(variableName("Footballer Name"), "footballer_name");
  assert.equal(variableName("projectName"), "project_name");
  assert.equal(variableName("URLPath"), "url_path");
  assert.equal(variableName("Brand's core product"), "brands_core_product");
  assert.equal(variableName("points clés"), "points_cles");
  assert.equal(
    variableName("Product/Service/Project/Company/Industry Description"),
    "product_service_project_company_industry_description",
  );
  assert.equal(variableName("3 words"), "v_3_words");
  assert.equal(variableName("产品"), null);
});

Deno.test("names are valid identifiers of at most 64 characters", () => {
  const name = variableName("a very long placeholder name ".repeat(5));
  assert.ok(name);
  assert.match(name, /^[A-Za-z_][A-Za-z0-9_]{0,63}$/);
});

Deno.test("defaults are trimmed, may be empty, and keep their inner punctuation", () => {
  const r = convertPlaceholders("${Problem: Build an MVP, quickly} ${note:}");
  assert.deepEqual(r.variables, [
    { name: "problem", type: "string", required: false, default: "Build an MVP, quickly" },
    { name: "note", type: "string", required: false, default: "" },
  ]);
});

Deno.test("text that is not a placeholder is left alone", () => {
  const text = "Use {{code here}}, ${} and ${产品} literally; cost is $5 {not a var}.";
  const r = convertPlaceholders(text);
  assert.equal(r.template, text);
  assert.deepEqual(r.variables, []);
});

Deno.test("a nested placeholder converts its inner part only", () => {
  const r = convertPlaceholders("for ${${int}}.");
  assert.equal(r.template, "for ${{{int}}}.");
  assert.deepEqual(r.variables.map((v) => v.name), ["int"]);
});

Deno.test("catalog names come from the type column", () => {
  assert.equal(catalogName("TEXT"), "Text prompts");
  assert.equal(catalogName("IMAGE"), "Image prompts");
  assert.equal(catalogName(""), "Other prompts");
});

Deno.test("the CSV parser handles quotes, doubled quotes and newlines inside fields", () => {
  const csv = [
    "act,prompt,for_devs,type,contributor",
    'Linux Terminal,"Act as a terminal. Say ""hi""\nthen run ${command:pwd}",TRUE,TEXT,f',
    "Painter,Paint ${Subject},FALSE,IMAGE,someone",
  ].join("\n");
  const rows = parsePromptCsv(csv);
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0], {
    title: "Linux Terminal",
    content: 'Act as a terminal. Say "hi"\nthen run {{command}}',
    variables: [{ name: "command", type: "string", required: false, default: "pwd" }],
    forDevs: true,
    type: "TEXT",
    contributor: "f",
  });
  assert.equal(rows[1]?.forDevs, false);
  assert.equal(rows[1]?.type, "IMAGE");
  assert.deepEqual(rows[1]?.variables, [{ name: "subject", type: "string", required: true }]);
});

Deno.test("a row without a prompt is an error naming its line", () => {
  assert.throws(
    () => parsePromptCsv("act,prompt,for_devs,type,contributor\nEmpty,,FALSE,TEXT,x\n"),
    (e) => e instanceof PromptCsvError && /row 2/.test(e.message),
  );
});

Deno.test("a malformed CSV is a PromptCsvError, not a crash", () => {
  assert.throws(
    () => parsePromptCsv('act,prompt\n"unterminated,quote\n'),
    (e) => e instanceof PromptCsvError && /unreadable CSV/.test(e.message),
  );
});

Deno.test("a CSV without the act and prompt columns is refused", () => {
  assert.throws(
    () => parsePromptCsv("name,text\nx,y\n"),
    (e) => e instanceof PromptCsvError && /missing column\(s\): act, prompt/.test(e.message),
  );
});

Deno.test("CSV prompts map onto a library document: catalog per type, developer tag", () => {
  const prompts = parsePromptCsv([
    "act,prompt,for_devs,type,contributor",
    "Linux Terminal,Run ${command:ls},TRUE,TEXT,f",
    "Painter,Paint ${Subject},FALSE,IMAGE,someone@example.com",
  ].join("\n"));
  const doc = csvPromptsToLibrary(prompts, "tests");
  assert.equal(doc.format, "promptline.library");
  assert.equal(doc.version, 1);
  assert.deepEqual(doc.catalogs, [
    { name: "Text prompts", description: "Imported from tests." },
    { name: "Image prompts", description: "Imported from tests." },
  ]);
  assert.deepEqual(doc.tags, ["developer"]);
  const [terminal, painter] = doc.prompts;
  assert.ok(terminal && painter, "one prompt per CSV row");
  assert.equal(terminal.catalog, "Text prompts");
  assert.equal(terminal.status, "published");
  assert.deepEqual(terminal.tags, ["developer"]);
  assert.equal(terminal.description, "Act as: Linux Terminal. Contributed by f.");
  assert.equal(painter.description, "Act as: Painter.", "e-mail contributors are not shown");
  assert.deepEqual(terminal.versions, [{
    version_number: 1,
    content: "Run {{command}}",
    variables: [{ name: "command", type: "string", required: false, default: "ls" }],
    model_config: {},
    summary: "Imported from tests",
    source: "import",
  }]);
  assert.deepEqual(painter.tags, []);
});

Deno.test("a CSV without developer prompts creates no tag", () => {
  const doc = csvPromptsToLibrary(
    parsePromptCsv("act,prompt,for_devs,type,contributor\nPoet,Write.,FALSE,TEXT,x\n"),
  );
  assert.deepEqual(doc.tags, []);
  assert.equal(doc.catalogs[0]?.description, "Imported from a CSV file.");
});
