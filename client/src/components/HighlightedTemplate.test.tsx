// @vitest-environment happy-dom
import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import { HighlightedTemplate } from "./HighlightedTemplate.tsx";

afterEach(() => render(null, document.body));

describe("HighlightedTemplate", () => {
  it("marks each placeholder and keeps the text around it", () => {
    render(
      <HighlightedTemplate content="Write about {{topic}} for {{ audience }}." />,
      document.body,
    );
    const marks = [...document.body.querySelectorAll("mark.var")];
    expect(marks.map((m) => m.getAttribute("data-var"))).toEqual(["topic", "audience"]);
    expect(marks.map((m) => m.textContent)).toEqual(["{{topic}}", "{{ audience }}"]);
    expect(document.body.textContent).toBe("Write about {{topic}} for {{ audience }}.");
  });

  it("renders markup in the content as text", () => {
    render(<HighlightedTemplate content="<b>{{x}}</b>" />, document.body);
    expect(document.body.querySelector("b")).toBeNull();
    expect(document.body.textContent).toBe("<b>{{x}}</b>");
  });
});
