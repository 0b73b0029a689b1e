/**
 * The OpenAPI description is generated from the routes the app registered and from the zod
 * schemas that validate request bodies, and it is a valid OpenAPI 3.1 document (checked by a
 * real validator) whose every $ref resolves, so a generated client works.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { signupSchema } from "../../src/server/accounts.js";
import { submitSchema } from "../../src/server/submissions.js";
import { startTestServer, type TestServer } from "./harness.js";

let server: TestServer;
let doc: {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, unknown> };
};

beforeAll(async () => {
  server = await startTestServer({}, { worker: false });
  const res = await server.app.inject({ method: "GET", url: "/api/openapi.json" });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(async () => {
  await server?.close();
});

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, found);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

describe("the OpenAPI description", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("has no $ref to a schema that doesn't exist", () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(10);
    const missing = all.filter(
      (r) => !(r.startsWith("#/components/schemas/") && r.slice(21) in doc.components.schemas),
    );
    expect(missing).toEqual([]);
  });

  it("lists every API route the app registered, with its path parameters and a summary", () => {
    const registered = (server.app as unknown as { registeredRoutes: string[] }).registeredRoutes;
    const api = registered.filter((r) => / \/(api\/|healthz$)/.test(r));
    expect(api.length).toBeGreaterThan(20);
    for (const route of api) {
      const [method, url] = route.split(" ") as [string, string];
      const op = doc.paths[url.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()];
      expect([route, op === undefined]).toEqual([route, false]);
      const names = ((op!.parameters as { name: string; in: string }[] | undefined) ?? []).map(
        (p) => p.name,
      );
      expect([route, names]).toEqual([route, [...url.matchAll(/:(\w+)/g)].map((m) => m[1])]);
      // A route missing from the table still appears, but says so: describe it.
      expect([route, op!.summary]).not.toEqual([route, expect.stringContaining("not described")]);
    }
    // Static files are not part of the API.
    expect(Object.keys(doc.paths).filter((p) => !/^\/(api\/|healthz$)/.test(p))).toEqual([]);
  });

  it("describes request bodies with the schemas that validate them", () => {
    const schema = (name: string) => doc.components.schemas[name] as Record<string, unknown>;
    const jsonOf = (s: z.ZodType) => {
      const json = z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Record<
        string,
        unknown
      >;
      delete json.$schema;
      return json;
    };
    const signup = jsonOf(signupSchema);
    expect(schema("Signup")).toEqual(signup);
    expect(schema("Signup")).toMatchObject({
      properties: { password: { minLength: 10 } },
      additionalProperties: false,
    });
    const submit = jsonOf(submitSchema);
    expect(schema("Submit")).toEqual(submit);
    const post = doc.paths["/api/exercises/{course}/{slug}/submissions"]!.post!;
    expect(post.requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Submit" } } },
    });
    expect(Object.keys(post.responses as object)).toEqual(
      expect.arrayContaining(["202", "200", "429", "503"]),
    );
  });
});
