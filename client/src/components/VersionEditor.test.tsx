// @vitest-environment happy-dom
import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import { draftOf, versionBody, type VersionDraft, VersionEditor } from "./VersionEditor.tsx";

afterEach(() => render(null, document.body));

/** Renders the editor and keeps the last draft it reported, re-rendering with it. */
function mount(start: VersionDraft) {
  let draft = start;
  const show = () =>
    render(
      <VersionEditor
        draft={draft}
        errors={{}}
        onChange={(d) => {
          draft = d;
          show();
        }}
      />,
      document.body,
    );
  show();
  return { draft: () => draft };
}

const button = (name: string) =>
  [...document.body.querySelectorAll("button")].find((b) =>
    (b.getAttribute("aria-label") ?? b.textContent) === name
  ) as HTMLButtonElement;

describe("VersionEditor", () => {
  it("turns text into a chat, edits its messages, and sends messages instead of content", () => {
    const ed = mount({ content: "Hi {{who}}", messages: null, variables: [] });
    button("Chat").click();
    expect(ed.draft().messages).toEqual([{ role: "user", content: "Hi {{who}}" }]);
    button("Add message").click();
    expect(ed.draft().messages?.map((m) => m.role)).toEqual(["user", "assistant"]);
    button("Move message 2 up").click();
    expect(ed.draft().messages?.map((m) => m.role)).toEqual(["assistant", "user"]);
    button("Remove message 1").click();
    expect(ed.draft().messages).toEqual([{ role: "user", content: "Hi {{who}}" }]);
    // The placeholders of every message are highlighted and define the variables.
    expect([...document.body.querySelectorAll("mark.var")].map((m) => m.textContent)).toEqual([
      "{{who}}",
    ]);
    expect(ed.draft().variables.map((v) => v.name)).toEqual(["who"]);
    expect(versionBody(ed.draft())).toEqual({
      messages: [{ role: "user", content: "Hi {{who}}" }],
      variables: [{ name: "who", type: "string", required: true }],
    });
  });

  it("back to Text sends content again", () => {
    const ed = mount(draftOf(null));
    button("Chat").click();
    button("Text").click();
    expect(versionBody(ed.draft())).toEqual({ content: "", variables: [] });
  });
});
