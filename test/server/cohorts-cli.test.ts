/**
 * `pydojo status` says when an instructor commented on the learner's code (issue #18): the CLI's
 * status command, in this process, against a real server on a port (SQLite, no worker needed).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runStatus } from "../../src/cli/work-commands.js";
import { commentLine } from "../../src/cli/comment-notice.js";
import { submission } from "../storage/store-fixtures.js";
import { as, signup, startTestServer, type Learner, type TestServer } from "./harness.js";

let server: TestServer;
let learner: Learner;
let mentor: Learner;
const home = mkdtempSync(path.join(os.tmpdir(), "pydojo-cohorts-cli-"));
const savedHome = process.env.XDG_CONFIG_HOME;

beforeAll(async () => {
  server = await startTestServer({}, { worker: false });
  const url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  learner = await signup(server.app, "lena@example.com");
  mentor = await signup(server.app, "mia@example.com");
  await server.store.users.updateRole(mentor.id, "mentor");
  const token = (
    await server.app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: as(learner),
      payload: { name: "cli" },
    })
  ).json().token as string;
  mkdirSync(path.join(home, "pydojo"), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(home, "pydojo", "config.json"), JSON.stringify({ server: url, token }), {
    mode: 0o600,
  });
  process.env.XDG_CONFIG_HOME = home;
});
afterAll(async () => {
  process.env.XDG_CONFIG_HOME = savedHome;
  await server?.close();
});

async function status(json: boolean): Promise<string> {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    expect(await runStatus(json ? ["--json"] : [])).toBe(0);
    return log.mock.calls.map((c) => String(c[0])).join("\n");
  } finally {
    log.mockRestore();
  }
}

describe("pydojo status and instructors' comments", () => {
  it("says nothing about comments until there is one, then counts the new ones", async () => {
    expect(await status(false)).not.toMatch(/comment/);
    expect(JSON.parse(await status(true))).toMatchObject({ newComments: 0 });

    const cohort = (
      await server.app.inject({
        method: "POST",
        url: "/api/cohorts",
        headers: as(mentor),
        payload: { name: "CLI class" },
      })
    ).json().cohort;
    await server.app.inject({
      method: "POST",
      url: "/api/cohorts/join",
      headers: as(learner),
      payload: { code: cohort.inviteCode },
    });
    await server.store.submissions.create(
      submission("cli-sub", learner.id, { exerciseId: "mini/add" }),
    );
    for (const line of [1, 2]) {
      const res = await server.app.inject({
        method: "POST",
        url: `/api/cohorts/${cohort.id}/submissions/cli-sub/comments`,
        headers: as(mentor),
        payload: { file: "add.py", line, text: `look at line ${line}` },
      });
      expect(res.statusCode).toBe(201);
    }
    expect(await status(false)).toContain(
      "2 new comments from your instructor on mini/add: read them under your submissions on the exercise page",
    );
    expect(JSON.parse(await status(true))).toMatchObject({ newComments: 2 });

    // Seen on the exercise page: status goes quiet again.
    await server.app.inject({
      method: "POST",
      url: "/api/me/comments/seen",
      headers: as(learner),
      payload: {},
    });
    expect(await status(false)).not.toMatch(/comment/);
  });

  it("words one comment in the singular", () => {
    expect(commentLine({ unseen: 1, exercises: ["mini/greet"] })).toBe(
      "1 new comment from your instructor on mini/greet: read it under your submissions on the exercise page",
    );
    expect(commentLine({ unseen: 0, exercises: [] })).toBeNull();
  });
});
