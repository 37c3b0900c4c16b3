import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";

/** The clarifying questions and answers a prompt was built from (nothing when there are none). */
export function PromptAnswers({ promptId }: { promptId: string }) {
  const res = useResource(
    (signal) => api.get("/prompts/{id}/answers", { path: { id: promptId }, signal }),
    [promptId],
  );
  const answers = res.data?.items ?? [];
  if (answers.length === 0) return null;
  return (
    <section class="card stack" aria-labelledby="answers-title">
      <h2 id="answers-title">Built from these answers</h2>
      <dl>
        {answers.map((a) => (
          <div key={a.question_id}>
            <dt>{a.question_text}</dt>
            <dd>{a.answer}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
