import { describe, expect, it } from "vitest";
import { ApiFailure } from "./api.ts";
import { nameTakenMessage, promptFieldErrors } from "./prompt_name.ts";

describe("promptFieldErrors", () => {
  it("puts a taken name (409 prompt_name_taken) under name", () => {
    const e = new ApiFailure(
      409,
      "prompt_name_taken",
      "another prompt of yours has this name",
      { name: "taken by another prompt of yours" },
      { fields: [{ field: "name", message: "taken by another prompt of yours" }] },
    );
    expect(promptFieldErrors(e)).toEqual({ name: nameTakenMessage });
  });

  it("keeps the API's field errors, and has none for other errors", () => {
    const e = new ApiFailure(422, "validation_failed", "invalid", { name: "lowercase letters" });
    expect(promptFieldErrors(e)).toEqual({ name: "lowercase letters" });
    expect(promptFieldErrors(new ApiFailure(409, "conflict", "other", {}, {}))).toEqual({});
    expect(promptFieldErrors(new Error("x"))).toEqual({});
  });
});
