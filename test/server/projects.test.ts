/**
 * Projects on the server: the course map item, a project's stages as the learner may see them
 * (locked tickets closed, hidden tests never served, the reference after a pass), the project's
 * draft, submitting stages in the sandbox (earlier stages keep running, each test names its
 * stage, a seed per grade, hidden tests counted), unlocking, XP and the code as a zip.
 */
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProject, type LoadedProject } from "../../src/content/project-loader.js";
import type { GradeResult } from "../../src/core/result.js";
import { as, signup, startTestServer, type Learner, type TestServer } from "./harness.js";

const CONTENT = path.resolve(import.meta.dirname, "../fixtures/project-content");
const TALLY = path.join(CONTENT, "courses/studio/01-basics/projects/tally");
let server: TestServer;
let project: LoadedProject;
let ada: Learner;

beforeAll(async () => {
  server = await startTestServer({ contentDir: CONTENT });
  project = await loadProject(TALLY);
  ada = await signup(server.app, "ada@example.com");
}, 60_000);
afterAll(async () => {
  await server?.close();
});

type Files = { path: string; content: string }[];

async function submit(exercise: string, files: Files, who = ada) {
  const res = await server.app.inject({
    method: "POST",
    url: `/api/exercises/${exercise}/submissions`,
    headers: as(who),
    payload: { files },
  });
  return res;
}

async function verdict(exercise: string, files: Files): Promise<GradeResult> {
  const res = await submit(exercise, files);
  expect(res.statusCode, res.body).toBe(202);
  const id = res.json().id as string;
  for (;;) {
    const polled = await server.app.inject({
      method: "GET",
      url: `/api/submissions/${id}?wait=20`,
      headers: as(ada, false),
    });
    const body = polled.json();
    if (body.status === "graded") return body.result as GradeResult;
    expect(body.status).not.toBe("infra-error");
  }
}

const getProject = async () =>
  (
    await server.app.inject({
      method: "GET",
      url: "/api/projects/studio/tally",
      headers: as(ada, false),
    })
  ).json();

describe("projects on the server", () => {
  it("shows the project on the course map, locked until its prerequisites pass", async () => {
    const res = await server.app.inject({
      method: "GET",
      url: "/api/courses/studio",
      headers: as(ada, false),
    });
    const item = res.json().modules[0].items[1];
    expect(item).toMatchObject({
      type: "project",
      id: "studio/tally",
      locked: true,
      state: "not-started",
      stages: [
        { n: 1, id: "studio/tally-stage-1", title: "Count words", state: "not-started" },
        { n: 2, id: "studio/tally-stage-2", title: "Reset", state: "not-started" },
      ],
    });
    const body = await getProject();
    expect(body.locked).toBe(true);
    expect(body.stages[0]).toMatchObject({ locked: true, instructions: null, tests: [] });
    expect(body.starter.map((f: { path: string }) => f.path).sort()).toEqual([
      "tally/__init__.py",
      "tally/core.py",
    ]);
    const refused = await submit("studio/tally-stage-1", project.starter);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/locked: pass studio\/add first/);
  });

  it("opens stage 1 after the prerequisite, without hidden tests or the reference", async () => {
    const add = await verdict("studio/add", [
      { path: "add.py", content: "def add(a, b):\n    return a + b\n" },
    ]);
    expect(add.status).toBe("pass");
    const body = await getProject();
    expect(body.locked).toBe(false);
    const [one, two] = body.stages;
    expect(one).toMatchObject({ locked: false, state: "not-started", reference: null });
    expect(one.instructions).toMatch(/count_words/);
    expect(one.tests.map((t: { path: string }) => t.path)).toEqual(["tests/test_01_count.py"]);
    expect(JSON.stringify(body)).not.toContain("test_more_words"); // the hidden test
    expect(two).toMatchObject({ locked: true, instructions: null, tests: [] });
  });

  it("keeps the learner's folder as the project's draft, checked by the file rules", async () => {
    const put = (files: Files, expectedVersion?: number) =>
      server.app.inject({
        method: "PUT",
        url: "/api/projects/studio/tally/draft",
        headers: as(ada),
        payload: { files, ...(expectedVersion === undefined ? {} : { expectedVersion }) },
      });
    const bad = await put([{ path: "../etc/passwd.py", content: "" }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/"\.\.\/etc\/passwd\.py" is not an allowed file name/);
    const exe = await put([{ path: "tally/run.exe", content: "" }]);
    expect(exe.json().error.message).toMatch(/only \.py .* files belong in a project/);
    const stolen = await put([{ path: "tests/test_01_count.py", content: "" }]);
    expect(stolen.json().error.message).toMatch(/one of the project's test files/);
    const ok = await put(project.starter);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(1);
    expect((await put(project.starter, 0)).statusCode).toBe(409);
    expect((await getProject()).draft.files).toHaveLength(2);
  });

  it("grades a stage in the sandbox: its tests and hidden tests, each naming its stage, seeded", async () => {
    const failing = await verdict("studio/tally-stage-1", project.starter);
    expect(failing.status).toBe("fail");
    expect(failing.runner).toBe("sandbox");
    expect(failing.tests.every((t) => t.task_id === 1)).toBe(true);
    expect(failing.seed).toEqual(expect.any(Number));
    const early = await submit("studio/tally-stage-2", project.stages[1]!.reference);
    expect(early.statusCode).toBe(403);

    const passing = await verdict("studio/tally-stage-1", project.stages[0]!.reference);
    expect(passing.status).toBe("pass");
    expect(passing.tests.map((t) => t.name)).toContain("more_words"); // hidden/test_01_hidden.py
    const body = await getProject();
    expect(body.stages[0]).toMatchObject({ state: "passed", locked: false });
    expect(body.stages[0].passedAt).toEqual(expect.any(String));
    expect(body.stages[0].reference.map((f: { path: string }) => f.path)).toContain(
      "tally/core.py",
    );
    expect(body.stages[1].locked).toBe(false);
    expect(body.stages[1].tests).toHaveLength(1);
  });

  it("runs the earlier stages' tests again: breaking stage 1 in stage 2 fails, naming stage 1", async () => {
    const stage2 = project.stages[1]!;
    const broken = stage2.reference.map((f) =>
      f.path === "tally/core.py"
        ? {
            path: f.path,
            content: project.variantFiles.get("stages/02-reset/mistakes/breaks-count.py")!,
          }
        : f,
    );
    const result = await verdict("studio/tally-stage-2", broken);
    expect(result.status).toBe("fail");
    const failed = result.tests.filter((t) => t.status === "fail");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((t) => t.task_id === 1)).toBe(true);
    expect(result.tests.find((t) => t.task_id === 2)?.status).toBe("pass");

    const passed = await verdict("studio/tally-stage-2", [
      ...stage2.reference,
      { path: "NOTES.md", content: "# My notes\n" },
    ]);
    expect(passed.status).toBe("pass");
    const map = await server.app.inject({
      method: "GET",
      url: "/api/courses/studio",
      headers: as(ada, false),
    });
    expect(map.json().modules[0].items[1].state).toBe("passed");
    const progress = await server.app.inject({
      method: "GET",
      url: "/api/progress",
      headers: as(ada, false),
    });
    const stages = progress
      .json()
      .exercises.filter((e: { exerciseId: string }) => e.exerciseId.startsWith("studio/tally-"));
    expect(stages.map((s: { xpAwarded: number }) => s.xpAwarded)).toEqual([20, 20]);
  });

  it("refuses a folder that breaks the rules, naming the file", async () => {
    const many = Array.from({ length: 61 }, (_, i) => ({ path: `m${i}.py`, content: "" }));
    expect((await submit("studio/tally-stage-2", many)).statusCode).toBe(400);
    const big = await submit("studio/tally-stage-2", [
      ...project.stages[1]!.reference,
      { path: "data.txt", content: "x".repeat(70 * 1024) },
    ]);
    expect(big.statusCode).toBe(400);
    expect(big.json().error.message).toMatch(/data\.txt is 70 KB: a file may have at most 64 KB/);
  });

  it("downloads the learner's code from the highest passed stage as a zip", async () => {
    const res = await server.app.inject({
      method: "GET",
      url: "/api/projects/studio/tally/download",
      headers: as(ada, false),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    const stageAsExercise = await server.app.inject({
      method: "GET",
      url: "/api/exercises/studio/tally-stage-1",
      headers: as(ada, false),
    });
    expect(stageAsExercise.statusCode).toBe(200);
    expect(stageAsExercise.body).not.toContain("test_more_words"); // hidden, on every route
    expect(res.headers["content-disposition"]).toMatch(/tally-stage-2\.zip/);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    expect(Object.keys(files).sort()).toEqual([
      "tally/NOTES.md",
      "tally/tally/__init__.py",
      "tally/tally/core.py",
    ]);
    expect(strFromU8(files["tally/tally/core.py"]!)).toMatch(/class Tally/);
    // From the public profile: only while it is public, only a finished project.
    const publicZip = () =>
      server.app.inject({
        method: "GET",
        url: "/api/profiles/ada-builds/projects/studio/tally/download",
      });
    expect((await publicZip()).statusCode).toBe(404);
    const setProfile = (isPublic: boolean) =>
      server.app.inject({
        method: "PUT",
        url: "/api/me/profile",
        headers: as(ada),
        payload: { handle: "ada-builds", public: isPublic },
      });
    expect((await setProfile(true)).statusCode).toBe(200);
    const profile = (
      await server.app.inject({ method: "GET", url: "/api/profiles/ada-builds" })
    ).json();
    expect(profile.projects).toEqual([
      expect.objectContaining({
        id: "studio/tally",
        title: "Tally",
        download: "/api/profiles/ada-builds/projects/studio/tally/download",
        stages: [
          expect.objectContaining({ n: 1, title: "Count words" }),
          expect.objectContaining({ n: 2, title: "Reset" }),
        ],
      }),
    ]);
    const html = (await server.app.inject({ method: "GET", url: "/u/ada-builds" })).body;
    expect(html).toContain("Projects built");
    expect(html).toContain('href="/api/profiles/ada-builds/projects/studio/tally/download"');
    const shared = await publicZip();
    expect(shared.statusCode).toBe(200);
    expect(Object.keys(unzipSync(new Uint8Array(shared.rawPayload)))).toContain(
      "tally/tally/core.py",
    );
    await setProfile(false);
    expect((await publicZip()).statusCode).toBe(404);
    const bob = await signup(server.app, "bob@example.com");
    const none = await server.app.inject({
      method: "GET",
      url: "/api/projects/studio/tally/download",
      headers: as(bob, false),
    });
    expect(none.statusCode).toBe(404);
  });
});
