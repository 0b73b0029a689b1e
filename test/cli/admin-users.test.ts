/**
 * `pydojo admin users|role|reset-password` (the built CLI, as a process) on the data folder of a
 * running test server: they see and change the same database, write the audit log, and a reset
 * link printed by the CLI works on the server.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signup, startTestServer, type Learner, type TestServer } from "../server/harness.js";

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, "../../bin/pydojo.js");
let server: TestServer;
let lena: Learner;

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [CLI, "admin", ...args, "--data-dir", server.config.dataDir],
      { env: { ...process.env, DATABASE_URL: "", NODE_ENV: "test" } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  server = await startTestServer({}, { worker: false });
  await signup(server.app, "root@example.com");
  lena = await signup(server.app, "lena@example.com");
}, 30_000);
afterAll(async () => {
  await server?.close();
});

describe("pydojo admin users, role, reset-password", () => {
  it("lists and searches users, as a table or JSON", async () => {
    const json = await cli("users", "--json");
    expect(json.code).toBe(0);
    const users = JSON.parse(json.stdout) as { email: string; role: string; xp: number }[];
    expect(users.map((u) => u.email)).toEqual(["root@example.com", "lena@example.com"]);
    expect(users[1]).toMatchObject({ role: "learner", xp: 0, disabledAt: null });
    const table = await cli("users", "--q", "LENA");
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+STATUS\s+JOINED\s+LAST ACTIVE\s+XP$/);
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(/^lena@example\.com\s+lena\s+learner\s+active\s/);
    expect((await cli("users", "--q", "nobody")).stdout).toContain('No user matches "nobody"');
  }, 30_000);

  it("sets a role, writes the audit log, and refuses unknown roles and users", async () => {
    const set = await cli("role", "LENA@example.com", "mentor");
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("lena@example.com is now mentor (was learner)");
    expect((await server.store.users.byId(lena.id))?.role).toBe("mentor");
    expect((await server.store.audit.list(1))[0]).toMatchObject({
      action: "user.role",
      actorId: null,
      targetId: lena.id,
      detail: { from: "learner", to: "mentor", via: "local cli" },
    });
    const bad = await cli("role", "lena@example.com", "king");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("one of learner, mentor, author, admin");
    const nobody = await cli("role", "nobody@example.com", "mentor");
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain("no user with the email nobody@example.com");
  }, 30_000);

  it("prints a one-time reset link that works on the server", async () => {
    const made = await cli("reset-password", "lena@example.com", "--url", "https://dojo.example/");
    expect(made.code).toBe(0);
    const url = made.stdout.trim();
    expect(url).toMatch(/^https:\/\/dojo\.example\/#\/reset\?token=[\w-]{43}$/);
    expect(made.stderr).toContain("30 minutes");
    const token = url.split("token=")[1]!;
    const reset = () =>
      server.app.inject({
        method: "POST",
        url: "/api/auth/reset",
        payload: { token, newPassword: "set from the cli link" },
      });
    expect((await reset()).statusCode).toBe(204);
    expect((await reset()).statusCode).toBe(400);
    const login = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "lena@example.com", password: "set from the cli link" },
    });
    expect(login.statusCode).toBe(200);
  }, 30_000);
});
