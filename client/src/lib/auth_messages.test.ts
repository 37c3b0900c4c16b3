import { describe, expect, it } from "vitest";
import { authMessage } from "./auth_messages.ts";

describe("authMessage", () => {
  it("says what went wrong for the codes people hit", () => {
    expect(authMessage({ code: "invalid_credentials", message: "Invalid login credentials" })).toBe(
      "Wrong email or password.",
    );
    expect(authMessage({ code: "user_already_exists" })).toMatch(/already exists/);
    expect(authMessage({ message: "Failed to fetch" })).toMatch(/Cannot reach/);
    expect(authMessage({ code: "other", message: "Something else" })).toBe("Something else");
  });
});
