import { describe, expect, it, vi } from "vitest";
import { ApiFailure, createApiClient, fieldErrors, fillPath, networkMessage } from "./api.ts";

function client(
  respond: (url: string, init: RequestInit) => Response | Promise<Response>,
  token = "tok",
) {
  const onUnauthorized = vi.fn();
  const calls: { url: string; init: RequestInit }[] = [];
  const api = createApiClient({
    baseUrl: "http://api.test",
    token: () => Promise.resolve(token),
    onUnauthorized,
    fetch: (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      return Promise.resolve(respond(String(input), init ?? {}));
    },
  });
  return { api, onUnauthorized, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

async function failure(p: Promise<unknown>): Promise<ApiFailure> {
  try {
    await p;
  } catch (e) {
    return e as ApiFailure;
  }
  throw new Error("expected a failure");
}

describe("api client", () => {
  it("sends the bearer token, JSON body and query, and returns the JSON answer", async () => {
    const { api, calls } = client(() => json(201, { id: "c1" }));
    expect(await api.post("/catalogs", { body: { name: "A" } })).toEqual({ id: "c1" });
    await api.get("/prompts", { query: { tag: "x", catalog_id: "", status: undefined } });
    expect(calls[1]?.url).toBe("http://api.test/prompts?tag=x");
    expect((calls[0]?.init.headers as Record<string, string>).authorization).toBe("Bearer tok");
    expect(calls[0]?.init.body).toBe('{"name":"A"}');
  });

  it("uploads a file as it is, in its own content type, and returns the JSON answer", async () => {
    const { api, calls } = client(() => json(200, { imported: 1 }));
    const csv = new Blob(["act,prompt\nPoet,Write a poem\n"]);
    expect(await api.upload("/import", csv, "text/csv")).toEqual({ imported: 1 });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers["content-type"]).toBe("text/csv");
    expect(headers.authorization).toBe("Bearer tok");
    expect(calls[0]?.init.method).toBe("POST");
    expect(calls[0]?.init.body).toBe(csv);
  });

  it("fills a route's parameters, URL-encoded, and sends its method", async () => {
    const { api, calls } = client(() => new Response(null, { status: 204 }));
    await api.del("/catalogs/{id}", { path: { id: "a/b c" }, query: { confirm: "true" } });
    expect(calls[0]?.url).toBe("http://api.test/catalogs/a%2Fb%20c?confirm=true");
    expect(calls[0]?.init.method).toBe("DELETE");
    expect(() => fillPath("/prompts/{id}/versions/{vid}", { id: "p" })).toThrow(/\{vid\}/);
  });

  it("maps the error shape to code, message and field errors", async () => {
    const { api, onUnauthorized } = client(() =>
      json(422, {
        error: {
          code: "validation_failed",
          message: "invalid body",
          details: {
            fields: [
              { field: "name", message: "required" },
              { field: "variables.0.options", message: "an enum needs options" },
              { field: "name", message: "second message loses" },
            ],
          },
        },
      })
    );
    const e = await failure(api.post("/catalogs", { body: { name: "" } }));
    expect(e).toBeInstanceOf(ApiFailure);
    expect(e.status).toBe(422);
    expect(e.code).toBe("validation_failed");
    expect(e.message).toBe("invalid body");
    expect(e.fields).toEqual({ name: "required", "variables.0.options": "an enum needs options" });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it("keeps non-field details such as the prompt count of a confirmation", async () => {
    const { api } = client(() =>
      json(409, {
        error: { code: "confirmation_required", message: "confirm", details: { prompt_count: 3 } },
      })
    );
    const e = await failure(api.del("/catalogs/{id}", { path: { id: "x" } }));
    expect(e.code).toBe("confirmation_required");
    expect(e.details.prompt_count).toBe(3);
    expect(e.fields).toEqual({});
  });

  it("turns a network failure into a readable ApiFailure", async () => {
    const { api } = client(() => {
      throw new TypeError("Failed to fetch");
    });
    const e = await failure(api.get("/prompts"));
    expect(e.code).toBe("network");
    expect(e.status).toBe(0);
    expect(e.message).toBe(networkMessage);
  });

  it("signs out on 401", async () => {
    const { api, onUnauthorized } = client(() =>
      json(401, { error: { code: "invalid_token", message: "token expired" } })
    );
    const e = await failure(api.get("/prompts"));
    expect(e.status).toBe(401);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it("copes with an error body that is not JSON", async () => {
    const { api } = client(() =>
      new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" })
    );
    const e = await failure(api.get("/prompts"));
    expect(e.code).toBe("http_502");
    expect(e.message).toBe("Bad Gateway");
  });

  it("returns undefined for 204", async () => {
    const { api } = client(() => new Response(null, { status: 204 }));
    expect(await api.del("/catalogs/{id}", { path: { id: "x" }, query: { confirm: "true" } }))
      .toBeUndefined();
  });

  it("sends no authorization header when signed out", async () => {
    const onUnauthorized = vi.fn();
    let headers: Record<string, string> = {};
    const api = createApiClient({
      baseUrl: "http://api.test",
      token: () => Promise.resolve(null),
      onUnauthorized,
      fetch: (_i, init) => {
        headers = init?.headers as Record<string, string>;
        return Promise.resolve(json(200, {}));
      },
    });
    await api.get("/health");
    expect(headers.authorization).toBeUndefined();
  });
});

describe("fieldErrors", () => {
  it("ignores malformed entries", () => {
    expect(fieldErrors({ fields: [{ field: 1 }, null, { field: "a", message: "m" }] })).toEqual({
      a: "m",
    });
    expect(fieldErrors(null)).toEqual({});
  });
});
