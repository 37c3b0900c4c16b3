// A gate's artifacts, written from the model's answer. A stage that asks for structured output
// and names sections gets a Markdown file with a heading per non-empty field, so the checks
// (file_exists, contains_headings) judge what the model actually gave; a stage without sections
// stores the answer as it is.
import type { Stage } from "./store.ts";

export interface GateArtifact {
  file_name: string;
  file_path: string;
  content_type: string;
  artifact_type: string | null;
  content: string;
}

export function buildArtifacts(stage: Stage, output: string | null): GateArtifact[] {
  const spec = stage.artifact;
  if (!spec || !output || output.trim() === "") return [];
  const base = {
    file_name: spec.file_name,
    file_path: spec.path ?? spec.file_name,
    content_type: spec.content_type ?? "text/markdown",
    artifact_type: spec.artifact_type ?? null,
  };
  if (!spec.sections?.length) return [{ ...base, content: output }];
  let answer: unknown;
  try {
    answer = JSON.parse(output);
  } catch {
    return [];
  }
  if (typeof answer !== "object" || answer === null) return [];
  const fields = answer as Record<string, unknown>;
  const sections = spec.sections.flatMap(({ heading, field }) => {
    const value = fields[field];
    return typeof value === "string" && value.trim() !== ""
      ? [`## ${heading}\n\n${value.trim()}\n`]
      : [];
  });
  if (sections.length === 0) return [];
  return [{ ...base, content: [`# ${spec.title ?? stage.name}\n`, ...sections].join("\n") }];
}
