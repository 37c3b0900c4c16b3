import assert from "node:assert/strict";
import { CallLedger, findDirectives, parseScript, ScriptError, stripDirectives } from "./faults.ts";

Deno.test("directives are found anywhere in text and parsed with their options", () => {
  const scripts = findDirectives(
    "before [[standin:fault=429;times=2;key=abc]] after [[standin:slow=300]]",
  );
  assert.deepEqual(scripts, [
    {
      faults: [{ kind: "status", status: 429 }],
      times: 2,
      key: "abc",
      source: "fault=429;times=2;key=abc",
    },
    { faults: [{ kind: "slow", ms: 300 }], source: "slow=300" },
  ]);
  assert.equal(stripDirectives("a [[standin:key=k]]b"), "a b");
});

Deno.test("every fault spec parses, in both the fault= and the bare form", () => {
  const s = parseScript(
    "fault=status=503,malformed=no_choices;disconnect=5;cached=12;reasoning=7;500;retry_after_ms=20",
  );
  assert.deepEqual(s.faults, [
    { kind: "status", status: 503 },
    { kind: "malformed", variant: "no_choices" },
    { kind: "disconnect", afterChunks: 5 },
    { kind: "cached", tokens: 12 },
    { kind: "reasoning", tokens: 7 },
    { kind: "status", status: 500 },
  ]);
  assert.equal(s.retryAfterMs, 20);
  assert.deepEqual(parseScript("malformed").faults, [{ kind: "malformed", variant: "not_json" }]);
  assert.deepEqual(parseScript("disconnect").faults, [{ kind: "disconnect", afterChunks: 3 }]);
});

Deno.test("typos in a script are errors, not silently ignored", () => {
  for (
    const bad of [
      "fault=42",
      "status=200",
      "slow=fast",
      "times=0",
      "key=a b",
      "explode",
      "malformed=x",
    ]
  ) {
    assert.throws(() => parseScript(bad), ScriptError, bad);
  }
});

Deno.test("times=N fires for the first N requests of a key, then stops; reset rearms it", () => {
  const ledger = new CallLedger();
  const [script] = findDirectives("[[standin:fault=429;times=2;key=abc]]");
  assert.ok(script, "the directive is found");
  const fired = () => ledger.activeFaults([script]).faults.length > 0;
  assert.deepEqual([fired(), fired(), fired()], [true, true, false]);
  ledger.reset("abc");
  assert.equal(fired(), true);
});

Deno.test("uses are counted per key: another key gets its own N", () => {
  const ledger = new CallLedger();
  const a = parseScript("500;times=1;key=a");
  const b = parseScript("500;times=1;key=b");
  assert.equal(ledger.activeFaults([a]).faults.length, 1);
  assert.equal(ledger.activeFaults([a]).faults.length, 0);
  assert.equal(ledger.activeFaults([b]).faults.length, 1);
});

Deno.test("calls are counted per key, once per request even if named twice", () => {
  const ledger = new CallLedger();
  ledger.record(["k", "k"]);
  ledger.record(["k", "other"]);
  assert.equal(ledger.calls("k"), 2);
  assert.equal(ledger.calls("other"), 1);
  assert.equal(ledger.calls("never"), 0);
  ledger.reset();
  assert.equal(ledger.calls("k"), 0);
});

Deno.test("misfit is a fault of its own, limited like the others", () => {
  assert.deepEqual(parseScript("misfit;times=1").faults, [{ kind: "misfit" }]);
  assert.equal(parseScript("misfit;times=1").times, 1);
});

Deno.test("no_usage is a fault of its own", () => {
  assert.deepEqual(parseScript("no_usage").faults, [{ kind: "no_usage" }]);
});
