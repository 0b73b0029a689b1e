/**
 * A learner's data in their own hands: GET /api/me/export holds everything PyDojo keeps about
 * them (and no secret), and DELETE /api/me, after the password and a typed phrase, removes the
 * account with every row of theirs (checked by querying every table of the real database).
 */
import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, signup, startTestServer, type Learner, type TestServer } from "./harness.js";

let server: TestServer;
let ada: Learner;
let bob: Learner;
const CODE = "def add(a, b):\n    return a + b  # ada's own\n";

beforeAll(async () => {
  server = await startTestServer();
  ada = await signup(server.app, "ada-data@example.com");
  bob = await signup(server.app, "bob-data@example.com");
  for (const learner of [ada, bob]) {
    const res = await server.app.inject({
      method: "POST",
      url: "/api/exercises/mini/add/submissions",
      headers: as(learner),
      payload: { files: [{ path: "add.py", content: CODE }] },
    });
    const { id } = res.json() as { id: string };
    await server.app.inject({ url: `/api/submissions/${id}?wait=20`, headers: as(learner, false) });
  }
  await server.app.inject({
    method: "PUT",
    url: "/api/exercises/mini/greet/draft",
    headers: as(ada),
    payload: { files: [{ path: "greet.py", content: "# a draft of ada's\n" }] },
  });
  await server.app.inject({
    method: "POST",
    url: "/api/tokens",
    headers: as(ada),
    payload: { name: "laptop" },
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe("a learner's data", () => {
  it("exports everything held about the learner, and no secret", async () => {
    const res = await server.app.inject({ url: "/api/me/export", headers: as(ada, false) });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="pydojo-export-\d{4}-\d\d-\d\d\.json"$/,
    );
    const data = res.json();
    expect(data.format).toBe("pydojo-export/1");
    expect(data.user.email).toBe("ada-data@example.com");
    expect(data.submissions).toHaveLength(1);
    expect(data.submissions[0].files).toEqual([{ path: "add.py", content: CODE }]);
    expect(data.submissions[0].result.status).toBe("pass");
    expect(
      data.progress.map((p: { exerciseId: string; state: string }) => [p.exerciseId, p.state]),
    ).toContainEqual(["mini/add", "passed"]);
    expect(data.drafts).toEqual([expect.objectContaining({ exerciseId: "mini/greet" })]);
    expect(data.apiTokens).toEqual([expect.objectContaining({ name: "laptop" })]);
    expect(data.stats.xp).toBeGreaterThan(0);
    expect(res.body).not.toMatch(/passwordHash|tokenHash|idHash|\$scrypt|bob-data/);
    expect((await server.app.inject({ url: "/api/me/export" })).statusCode).toBe(401);
  });

  it("deletes the account only with the password and the phrase, and leaves nothing of it", async () => {
    const attempt = (payload: object, who = ada) =>
      server.app.inject({ method: "DELETE", url: "/api/me", headers: as(who), payload });
    const noPhrase = await attempt({ password: "correct horse battery" });
    expect([noPhrase.statusCode, noPhrase.body]).toEqual([
      400,
      expect.stringContaining('type \\"delete my account\\" to confirm'),
    ]);
    const wrong = await attempt({ password: "nope", confirm: "delete my account" });
    expect([wrong.statusCode, wrong.json().error.message]).toEqual([
      403,
      "the password is wrong: nothing was deleted",
    ]);
    const done = await attempt({ password: "correct horse battery", confirm: "delete my account" });
    expect(done.statusCode).toBe(204);
    expect(String(done.headers["set-cookie"])).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect((await server.app.inject({ url: "/api/me", headers: as(ada, false) })).statusCode).toBe(
      401,
    );

    // Every table of the database: no row names ada; bob's are all there.
    const db = new Database(path.join(server.config.dataDir, "pydojo.sqlite"), { readonly: true });
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name);
    const rowsOf = (id: string) =>
      tables.flatMap((table) => {
        const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
          (c) => c.name,
        );
        return columns
          .filter((c) => c === "user_id" || (table === "users" && c === "id"))
          .map((c) => [
            table,
            Number(
              (
                db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${c} = ?`).get(id) as {
                  n: number;
                }
              ).n,
            ),
          ])
          .filter(([, n]) => Number(n) > 0);
      });
    expect(rowsOf(ada.id)).toEqual([]);
    expect(rowsOf(bob.id).map(([table]) => table)).toEqual(
      expect.arrayContaining(["users", "submissions", "progress"]),
    );
    const mentions = tables.filter((t) =>
      (db.prepare(`SELECT * FROM ${t}`).all() as object[]).some((row) =>
        JSON.stringify(row).includes("ada-data@example.com"),
      ),
    );
    db.close();
    expect(mentions).toEqual([]);
  });
});
