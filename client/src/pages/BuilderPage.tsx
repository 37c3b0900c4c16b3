// The prompt builder (seeds 001 and 004): from a goal (questions → answers → a generated
// template, editable, then saved with its answers) or with a framework (components, tone,
// length, vibe coding, a live assembled preview, an optional polish by a model, then saved),
// and the history of generations. Every model call is a metered run on the server.
import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { Field } from "../components/Field.tsx";
import { type Column, DataTable } from "../components/DataTable.tsx";
import { PagedList } from "../components/PagedList.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { Empty, ErrorNotice, Loading } from "../components/States.tsx";
import { ApiFailure, errorMessage } from "../lib/api.ts";
import { builderLengthValues, builderToneValues, type components } from "../lib/api_schema.ts";
import { historyInput, historyOutput } from "../lib/builder_history.ts";
import { formatCost, formatDate } from "../lib/format.ts";
import { api } from "../lib/session.ts";
import { placeholders } from "../lib/template.ts";
import { useDebounced } from "../lib/use_debounced.ts";
import { usePages } from "../lib/use_pages.ts";
import { useResource } from "../lib/use_resource.ts";
import type { PromptVariable } from "../lib/types.ts";

type S = components["schemas"];
type Question = S["BuilderQuestion"];
type BuilderRun = S["BuilderRun"];
type Tone = S["BuilderTone"];
type Length = S["BuilderLength"];

const tabs = [["goal", "From a goal"], ["framework", "With a framework"], [
  "history",
  "History",
]] as const;

export default function BuilderPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const tab = tabs.some(([t]) => t === params.tab) ? params.tab! : "goal";
  return (
    <main class="page narrow">
      <h1>Prompt builder</h1>
      <div class="tabs" role="tablist" aria-label="Builder">
        {tabs.map(([t, label]) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={t === tab}
            onClick={() => route(t === "goal" ? "/builder" : `/builder/${t}`)}
          >
            {label}
          </button>
        ))}
      </div>
      {tab === "goal" && <GoalTab />}
      {tab === "framework" && <FrameworkTab />}
      {tab === "history" && <HistoryTab />}
    </main>
  );
}

/** Variables for the current text: one per {{placeholder}}, keeping the types already known. */
function detected(content: string, known: PromptVariable[]): PromptVariable[] {
  const byName = new Map(known.map((v) => [v.name, v]));
  return placeholders(content).map((name) =>
    byName.get(name) ?? { name, type: "string", required: true }
  );
}

function RunNote({ run }: { run: BuilderRun }) {
  return (
    <p class="muted" role="status">
      {run.standin ? "Stand-in" : run.model} · {formatCost(run.cost_usd)}
      {run.attempts > 1 ? ` · asked ${run.attempts} times` : ""}
    </p>
  );
}

function VariablesNote({ variables }: { variables: PromptVariable[] }) {
  return (
    <p class="muted" aria-label="Detected variables">
      Variables:{" "}
      {variables.length ? variables.map((v) => `{{${v.name}}} (${v.type})`).join(", ") : "none"}
    </p>
  );
}

function SaveForm(
  { content, variables, goal, answers, defaultTitle }: {
    content: string;
    variables: PromptVariable[];
    goal?: string;
    answers?: S["BuilderAnswer"][];
    defaultTitle: string;
  },
) {
  const { route } = useLocation();
  const [title, setTitle] = useState(defaultTitle);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setTitle(defaultTitle), [defaultTitle]);

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await api.post("/builder/save", {
        body: { title, content, variables, goal: goal ?? null, answers },
      });
      route(`/prompts/${saved.prompt_id}`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form class="stack" onSubmit={save}>
      <Field label="Title" error={error}>
        <input
          name="title"
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
          required
        />
      </Field>
      <div class="row">
        <button type="submit" class="primary" disabled={busy || !title.trim() || !content.trim()}>
          {busy ? "Saving…" : "Save prompt"}
        </button>
      </div>
    </form>
  );
}

function GoalTab() {
  const [goal, setGoal] = useState("");
  const [questions, setQuestions] = useState<Question[] | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [draft, setDraft] = useState<
    { title: string; content: string; variables: PromptVariable[] } | null
  >(null);
  const [run, setRun] = useState<BuilderRun | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const step = draft ? 3 : questions ? 2 : 1;

  async function ask(e: Event) {
    e.preventDefault();
    setBusy("Asking for clarifying questions…");
    setError(null);
    try {
      const res = await api.post("/builder/questions", { body: { goal } });
      setQuestions(res.questions);
      setAnswers({});
      setDraft(null);
      setRun(res.run);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  const answerList = () =>
    (questions ?? []).map((q) => ({
      question_id: q.id,
      question_text: q.text,
      answer: answers[q.id]?.trim() || null,
    }));

  async function generate(e: Event) {
    e.preventDefault();
    setBusy("Writing the template…");
    setError(null);
    try {
      const res = await api.post("/builder/template", { body: { goal, answers: answerList() } });
      setDraft({ title: res.title, content: res.content, variables: res.variables });
      setRun(res.run);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="stack" aria-label="From a goal">
      <ol class="muted" aria-label="Steps">
        <li aria-current={step === 1 ? "step" : undefined}>Goal</li>
        <li aria-current={step === 2 ? "step" : undefined}>Questions</li>
        <li aria-current={step === 3 ? "step" : undefined}>Template</li>
      </ol>
      <form class="card stack" onSubmit={ask}>
        <Field label="Goal" hint="What should the prompt help you do?">
          <textarea
            name="goal"
            rows={3}
            value={goal}
            onInput={(e) => setGoal(e.currentTarget.value)}
            maxLength={2000}
            required
          />
        </Field>
        <div class="row">
          <button
            type="submit"
            class={step === 1 ? "primary" : ""}
            disabled={!!busy || !goal.trim()}
          >
            Ask clarifying questions
          </button>
        </div>
      </form>
      {busy && <Loading label={busy} />}
      {error ? <ErrorNotice error={error} /> : null}
      {questions && (
        <form class="card stack" onSubmit={generate} aria-label="Clarifying questions">
          <h2>Questions</h2>
          {questions.map((q) => (
            <Field key={q.id} label={q.text} hint={q.required ? undefined : "Optional: skip it"}>
              <input
                name={q.id}
                value={answers[q.id] ?? ""}
                required={q.required}
                onInput={(e) =>
                  setAnswers({ ...answers, [q.id]: e.currentTarget.value })}
              />
            </Field>
          ))}
          <div class="row">
            <button type="submit" class={step === 2 ? "primary" : ""} disabled={!!busy}>
              Generate template
            </button>
          </div>
        </form>
      )}
      {run && <RunNote run={run} />}
      {draft && (
        <div class="card stack" aria-label="Template preview">
          <h2>Template</h2>
          <Field label="Template" hint="Edit it freely; {{name}} makes a variable">
            <textarea
              name="template"
              rows={10}
              value={draft.content}
              onInput={(e) => setDraft({ ...draft, content: e.currentTarget.value })}
            />
          </Field>
          <VariablesNote variables={detected(draft.content, draft.variables)} />
          <SaveForm
            content={draft.content}
            variables={detected(draft.content, draft.variables)}
            goal={goal}
            answers={answerList()}
            defaultTitle={draft.title}
          />
        </div>
      )}
    </section>
  );
}

function FrameworkTab() {
  const list = useResource((signal) => api.get("/builder/frameworks", { signal }), []);
  const [name, setName] = useState<string | null>(null);
  const [components, setComponents] = useState<Record<string, string>>({});
  const [tone, setTone] = useState<Tone | "">("");
  const [length, setLength] = useState<Length | "">("");
  const [vibe, setVibe] = useState(false);
  const [preview, setPreview] = useState<{ content: string; error: ApiFailure | null }>({
    content: "",
    error: null,
  });
  const [polished, setPolished] = useState<{ content: string; run: BuilderRun } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const frameworks = list.data?.frameworks ?? [];
  const chosen = frameworks.find((f) => f.name === name) ??
    frameworks.find((f) => f.name === list.data?.default_framework) ?? frameworks[0];
  const style = {
    framework: chosen?.name ?? "",
    components: Object.fromEntries(Object.entries(components).filter(([, v]) => v.trim())),
    ...(tone ? { tone } : {}),
    ...(length ? { length } : {}),
    vibe_coding: vibe,
  };
  const settled = useDebounced(JSON.stringify(style), 250);

  useEffect(() => {
    if (!chosen) return;
    const ctl = new AbortController();
    api.post("/builder/assemble", { body: JSON.parse(settled), signal: ctl.signal })
      .then((r) => setPreview({ content: r.content, error: null }))
      .catch((e) => {
        if (e instanceof ApiFailure) setPreview({ content: "", error: e });
      });
    return () => ctl.abort();
  }, [settled]);

  function pick(next: string) {
    setName(next);
    setComponents({});
    setPolished(null);
  }

  async function polish() {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post("/builder/polish", { body: style });
      setPolished({ content: res.content, run: res.run });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (list.loading && !list.data) return <Loading />;
  if (list.error) return <ErrorNotice error={list.error} retry={list.reload} />;
  if (!chosen) return <Empty>No framework is available.</Empty>;
  const example = chosen.examples[0];
  const content = polished?.content ?? preview.content;

  return (
    <section class="stack" aria-label="With a framework">
      <div class="card stack">
        <Field label="Framework">
          <select
            name="framework"
            value={chosen.name}
            onChange={(e) => pick(e.currentTarget.value)}
          >
            {frameworks.map((f) => <option key={f.name} value={f.name}>{f.display_name}</option>)}
          </select>
        </Field>
        <p>{chosen.description}</p>
        {example && (
          <details>
            <summary>Example: {example.title}</summary>
            <dl>
              {chosen.components.map((c) => (
                <div key={c.name}>
                  <dt>{c.label}</dt>
                  <dd>{example.components[c.name]}</dd>
                </div>
              ))}
            </dl>
            <button type="button" onClick={() => setComponents({ ...example.components })}>
              Use this example
            </button>
          </details>
        )}
      </div>
      <div class="card stack" aria-label="Components">
        {chosen.components.map((c) => (
          <Field
            key={c.name}
            label={`${c.label}${c.required ? "" : " (optional)"}`}
            hint={c.guidance}
            error={preview.error?.fields[`components.${c.name}`] ?? null}
          >
            <textarea
              rows={2}
              name={c.name}
              value={components[c.name] ?? ""}
              placeholder={c.example}
              onInput={(e) => {
                setComponents({ ...components, [c.name]: e.currentTarget.value });
                setPolished(null);
              }}
            />
          </Field>
        ))}
        <div class="row">
          <Field label="Tone" inline>
            <select
              name="tone"
              value={tone}
              onChange={(e) => setTone(e.currentTarget.value as Tone | "")}
            >
              <option value="">Any</option>
              {builderToneValues.map((t) => <option key={t} value={t}>{t}</option>)}
            </select>
          </Field>
          <Field label="Length" inline>
            <select
              name="length"
              value={length}
              onChange={(e) => setLength(e.currentTarget.value as Length | "")}
            >
              <option value="">Any</option>
              {builderLengthValues.map((l) => <option key={l} value={l}>{l}</option>)}
            </select>
          </Field>
          <label class="field field-inline">
            <input
              type="checkbox"
              checked={vibe}
              onChange={(e) => setVibe(e.currentTarget.checked)}
            />{" "}
            Vibe coding
          </label>
        </div>
      </div>
      <div class="card stack" aria-label="Assembled preview">
        <h2>{polished ? "Polished prompt" : "Preview"}</h2>
        {preview.error && !polished
          ? <p class="muted" role="status">{preview.error.message}</p>
          : <pre style={{ whiteSpace: "pre-wrap" }} data-testid="assembled">{content}</pre>}
        {polished && <RunNote run={polished.run} />}
        {error ? <ErrorNotice error={error} /> : null}
        <div class="row">
          <button type="button" onClick={polish} disabled={busy || !!preview.error}>
            {busy ? "Polishing…" : "Polish with a model"}
          </button>
        </div>
        {content && !preview.error && (
          <>
            <VariablesNote variables={detected(content, [])} />
            <SaveForm
              content={content}
              variables={detected(content, [])}
              defaultTitle={`${chosen.display_name} prompt`}
            />
          </>
        )}
      </div>
    </section>
  );
}

const kinds = [
  ["", "All"],
  ["builder_questions", "Questions"],
  ["builder_template", "Templates"],
  ["builder_polish", "Polish"],
] as const;

const historyColumns: Column<components["schemas"]["BuilderHistoryItem"]>[] = [
  { head: "When", cell: (h) => formatDate(h.created_at) },
  { head: "Kind", cell: (h) => h.kind.replace("builder_", "") },
  { head: "Framework", cell: (h) => h.framework ?? "—" },
  { head: "Input", cell: (h) => <div class="clamp">{historyInput(h.input)}</div> },
  { head: "Status", cell: (h) => <StatusBadge status={h.status} /> },
  { head: "Output", cell: (h) => <div class="clamp">{historyOutput(h)}</div> },
  { head: "Model", cell: (h) => h.standin ? "stand-in" : h.model },
  { head: "Cost", cell: (h) => formatCost(h.cost_usd) },
];

function HistoryTab() {
  const [kind, setKind] = useState<(typeof kinds)[number][0]>("");
  const history = usePages(
    (cursor, signal) =>
      api.get("/builder/history", { query: { ...(kind ? { kind } : {}), cursor }, signal }),
    [kind],
  );
  return (
    <section class="stack" aria-label="History">
      <Field label="Kind" inline>
        <select
          name="kind"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as (typeof kinds)[number][0])}
        >
          {kinds.map(([k, label]) => <option key={k} value={k}>{label}</option>)}
        </select>
      </Field>
      <PagedList pages={history} loading="Loading the history…" empty="No generations yet.">
        {(items) => <DataTable rows={items} rowKey={(h) => h.id} columns={historyColumns} />}
      </PagedList>
    </section>
  );
}
