/**
 * A whole project through the learner's CLI against a real server (SQLite in a temp dir, sandbox
 * grading) serving test/fixtures/projects/cli-stock: pull -> test fails -> write stage 1 -> test
 * passes -> submit -> next -> stage 2 the same way -> the project is complete. The folder is a
 * Git repository throughout, and plain pytest works in it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, signup, startTestServer, type TestServer } from "../server/harness.js";
import { BIN, cli, underTerminal } from "./fake-server.js";

const CONTENT = path.resolve(import.meta.dirname, "../fixtures/projects/cli-stock");
const FIXTURE = path.join(CONTENT, "courses/clip/01-shop/projects/stock/stages");
const reference = (stage: string) =>
  readFileSync(path.join(FIXTURE, stage, "reference/stock/core.py"), "utf8");

let server: TestServer;
let url: string;
const home = mkdtempSync(path.join(os.tmpdir(), "pydojo-project-home-"));
const work = mkdtempSync(path.join(os.tmpdir(), "pydojo-project-work-"));
const dir = path.join(work, "clip", "stock");
const pydojo = (args: string[], cwd = dir, env: NodeJS.ProcessEnv = {}) =>
  cli(args, cwd, home, env);
const git = (...args: string[]) =>
  execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Lena",
      GIT_AUTHOR_EMAIL: "lena@example.com",
      GIT_COMMITTER_NAME: "Lena",
      GIT_COMMITTER_EMAIL: "lena@example.com",
    },
  }).trimEnd();
const read = (name: string) => readFileSync(path.join(dir, name), "utf8");

beforeAll(async () => {
  server = await startTestServer({ contentDir: CONTENT });
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  const learner = await signup(server.app, "lena@example.com");
  const res = await server.app.inject({
    method: "POST",
    url: "/api/tokens",
    headers: as(learner),
    payload: { name: "cli" },
  });
  const login = await cli(["login", "--server", url, "--token", res.json().token], work, home);
  expect(login.code).toBe(0);
});
afterAll(async () => server?.close());

describe("a project through the CLI", () => {
  it("pulls the folder once: starter, stage 1's tests and instructions, README, conftest", async () => {
    const r = await pydojo(["pull", "clip/stock"], work);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      "clip/stock → ./clip/stock/\n  project, stage 1 of 2: read INSTRUCTIONS.md, then 'pydojo test'\n",
    );
    expect(read("stock/core.py")).toContain("raise NotImplementedError");
    expect(read("tests/test_01_add.py")).toContain("def test_add_accumulates");
    expect(existsSync(path.join(dir, "tests/test_02_remove.py"))).toBe(false);
    expect(read("INSTRUCTIONS.md")).toMatch(
      /^> Stock counter, stage 1 of 2: Adding stock\..*\n\n# Adding stock\n/,
    );
    expect(read("README.md")).toContain("`pydojo next`");
    expect(read("conftest.py")).toContain("PYDOJO_SEED");
    const state = JSON.parse(read(".pydojo/project.json"));
    expect(state).toMatchObject({ kind: "project", id: "clip/stock", stage: 1 });
    expect(state.tests).toEqual([
      { path: "tests/test_01_add.py", stage: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    // The learner keeps the folder in Git; nothing PyDojo does may touch .git.
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "start");
  });

  it("tests stage 1 with the learner's Python: fails, then passes, grouped by stage with a seed", async () => {
    const failing = await pydojo(["test"]);
    expect(failing.code).toBe(1);
    expect(failing.out.split("\n")[0]).toMatch(
      /^Stock counter — stage 1 of 2 \(local runner, Python [\d.]+, \d+ ms, seed \d+\)$/,
    );
    expect(failing.out).toContain("stage 1 — Adding stock: 0 passed, 4 failed");
    expect(failing.out).toMatch(/FAIL: 0 passed, 4 failed/);
    expect(failing.out).toMatch(/Seed (\d+): `pydojo test --seed \1` draws the same random inputs/);

    // A wrong solution whose failure shows the random inputs: the same seed, the same inputs.
    writeFileSync(
      path.join(dir, "stock/core.py"),
      reference("01-add").replace("+ n", "+ n - 1"), // off by one per addition
    );
    const seeds = [7, 7, 8, 9];
    const random: string[] = [];
    for (const seed of seeds) {
      const result = JSON.parse((await pydojo(["test", "--seed", String(seed), "--json"])).out);
      expect(result.seed).toBe(seed);
      random.push(result.tests.find((t: { name: string }) => /random/i.test(t.name)).message);
    }
    expect(random[0]).toBe(random[1]);
    expect(new Set(random).size).toBeGreaterThan(1);
    // Plain pytest with PYDOJO_SEED (the conftest) draws the same inputs as `pydojo test --seed`.
    const compared = /assert \d+ == \d+/.exec(random[0]!)![0];
    const pytest = spawnSync("python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PYDOJO_SEED: "7" },
    });
    expect(pytest.status).toBe(1);
    expect(pytest.stdout).toContain(`AssertionError: ${compared}`);

    writeFileSync(path.join(dir, "stock/core.py"), reference("01-add"));
    writeFileSync(path.join(dir, "notes.db"), "not a project file");
    const passing = await pydojo(["test"]);
    expect(passing.code).toBe(0);
    expect(passing.out).toContain("stage 1 — Adding stock: 4 passed");
    expect(passing.out).toMatch(/PASS: 4 passed, 0 failed/);
    expect(passing.err).toContain("note: not part of your project");
    expect(passing.err).toContain("notes.db");
  });

  it("shows the current stage's hints one at a time, and says when there are no more", async () => {
    const first = await pydojo(["hint"]);
    expect(first.code).toBe(0);
    expect(first.out).toContain("Hint 1 of 2");
    expect(first.out).toContain("dict.get(name, 0)");
    const second = await pydojo(["hint"]);
    expect(second.out).toContain("Hint 2 of 2");
    const none = await pydojo(["hint"]);
    expect(none.code).toBe(1);
    expect(none.err).toContain("there are only 2 hints: 'pydojo hint 1' shows the first again");
    expect((await pydojo(["hint", "1"])).out).toContain("Hint 1 of 2");
  });

  it("runs under plain pytest thanks to the conftest (folder and harness on sys.path, PYDOJO_SEED)", () => {
    // A test of the learner's own that uses the harness's HTTP client, as stage tests do.
    const mine = path.join(dir, "tests", "test_mine_http.py");
    writeFileSync(
      mine,
      "from pydojo_harness.http_client import client_for\n\n" +
        "def app(environ, start_response):\n" +
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n" +
        "    return [b'ok']\n\n" +
        "def test_client():\n    assert client_for(app).get('/').text == 'ok'\n\n" +
        // The harness's db fixture, offered to plain pytest by the conftest.
        "def test_db(db):\n" +
        "    db.connection.execute('CREATE TABLE t (x)')\n" +
        "    db.connection.execute('INSERT INTO t VALUES (1)')\n" +
        "    assert db.queries.count('INSERT') == 1\n",
    );
    try {
      const out = execFileSync("python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider"], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, PYDOJO_SEED: "5" },
      });
      expect(out).toMatch(/6 passed/);
    } finally {
      rmSync(mine);
    }
  });

  it("submits stage 1, refuses to move on before the pass, then next brings stage 2", async () => {
    const early = await pydojo(["next"]);
    expect(early.code).toBe(1);
    expect(early.err).toBe(
      "pydojo next: stage 1 is not passed on the server yet: run `pydojo submit` first\n",
    );
    const submitted = await pydojo(["submit"]);
    expect(submitted.code).toBe(0);
    expect(submitted.out.split("\n")[0]).toMatch(
      /^Stock counter — stage 1 of 2 \(graded on the server, sandbox runner, Python [\d.]+, \d+ ms, seed \d+\)$/,
    );
    // The server also runs the stage's hidden test.
    expect(submitted.out).toContain("stage 1 — Adding stock: 5 passed");
    expect(submitted.out).toContain("✓ items_are_counted_apart [hidden]"); // by name only
    expect(submitted.out).toContain("Stage 1 passed. Next: 'pydojo next'");
    expect(submitted.out).toMatch(/\+\d+ XP/);

    const mine = read("stock/core.py");
    // What was submitted is the project's draft now: a pull on another machine starts from it.
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), "pydojo-project-elsewhere-"));
    expect((await pydojo(["pull", "clip/stock"], elsewhere)).code).toBe(0);
    expect(readFileSync(path.join(elsewhere, "clip", "stock", "stock", "core.py"), "utf8")).toBe(
      mine,
    );
    const head = git("rev-parse", "HEAD");
    const next = await pydojo(["next"]);
    expect(next.code).toBe(0);
    expect(next.out).toBe(
      [
        "Stage 1 — Adding stock: passed on the server.",
        "Now stage 2 of 2 — Removing stock:",
        "  + tests/test_02_remove.py",
        "  ~ INSTRUCTIONS.md (stage 2; stage 1's is now .pydojo/stages/01-add.md)",
        "Your own files were not touched. Read INSTRUCTIONS.md, then 'pydojo test' (it runs stages 1-2).",
        "",
      ].join("\n"),
    );
    expect(read("stock/core.py")).toBe(mine);
    expect(read("INSTRUCTIONS.md")).toContain("# Removing stock");
    expect(read(".pydojo/stages/01-add.md")).toContain("# Adding stock");
    expect(JSON.parse(read(".pydojo/project.json")).stage).toBe(2);
    expect(git("rev-parse", "HEAD")).toBe(head);
    // Only PyDojo's files changed; the learner's code is as committed.
    expect(git("status", "--porcelain", "--untracked-files=all").split("\n").sort()).toEqual([
      " M .pydojo/project.json",
      " M INSTRUCTIONS.md",
      " M stock/core.py",
      "?? .pydojo/hints.json",
      "?? .pydojo/stages/01-add.md",
      "?? notes.db",
      "?? tests/test_02_remove.py",
    ]);
  });

  it("grades stages 1-2 together, and --stage 1 runs stage 1 only", async () => {
    const failing = await pydojo(["test"]);
    expect(failing.code).toBe(1);
    expect(failing.out.split("\n")[0]).toMatch(/^Stock counter — stages 1-2 of 2 /);
    // Stage 2's tests cannot import yet; stage 1's still report.
    expect(failing.out).toContain("stage 1 — Adding stock: 4 passed");
    expect(failing.out).toMatch(/stage 2 — Removing stock: 0 passed, 1 failed\n.*could not run/);
    writeFileSync(path.join(dir, "stock/core.py"), reference("02-remove"));
    const passing = await pydojo(["test"]);
    expect(passing.code).toBe(0);
    expect(passing.out).toContain("stage 1 — Adding stock: 4 passed");
    expect(passing.out).toContain("stage 2 — Removing stock: 3 passed");
    const sandbox = await pydojo(["test", "--runner", "sandbox", "--json"]);
    expect(sandbox.code).toBe(0);
    expect(JSON.parse(sandbox.out)).toMatchObject({ status: "pass", runner: "sandbox", stage: 2 });
    const one = JSON.parse((await pydojo(["test", "--stage", "1", "--json"])).out);
    expect(one.tests.map((t: { task_id: number }) => t.task_id)).toEqual([1, 1, 1, 1]);
    // A stage-2 change that breaks stage 1 is reported under stage 1.
    writeFileSync(
      path.join(dir, "stock/core.py"),
      reference("02-remove").replace("return self._counts.get(item, 0)", "return 0"),
    );
    const broken = await pydojo(["test"]);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/stage 1 — Adding stock: 1 passed, 3 failed/);
    expect(broken.out).toContain("An earlier stage fails now (stage 1)");
    writeFileSync(path.join(dir, "stock/core.py"), reference("02-remove"));
  });

  it("shows the stages in status, finishes the project, and history lists both stages", async () => {
    const status = await pydojo(["status"]);
    expect(status.out).toMatch(
      /^Stock counter \(clip\/stock\): 1\/2 stages passed; this folder is at stage 2\n/,
    );
    expect(status.out).toMatch(/✓ 1\. Adding stock\s+passed \d{4}-\d\d-\d\d/);
    expect(status.out).toMatch(/2\. Removing stock\s+not started {2}← this folder/);
    const submitted = await pydojo(["submit"]);
    expect(submitted.out).toContain("stage 2 — Removing stock: 3 passed");
    expect(submitted.out).toContain(
      "Stage 2 passed: all 2 stages of Stock counter are done. The project is complete.",
    );
    const done = await pydojo(["next"]);
    expect(done.code).toBe(0);
    expect(done.out).toBe(
      "Stock counter is complete: all 2 stages are passed. Nothing to fetch.\n",
    );
    const json = JSON.parse((await pydojo(["status", "--json"])).out);
    expect(json).toMatchObject({ project: "clip/stock", stage: 2, complete: true, next: null });
    // Outside the folder, the course's status counts the project's stages.
    const course = await pydojo(["status", "--course", "clip"], work);
    expect(course.out).toContain("\nProjects: Stock counter 2/2 stages");
    const history = JSON.parse((await pydojo(["history", "--json"])).out);
    expect(
      history.submissions.map((s: { stage: number; verdict: string }) => [s.stage, s.verdict]),
    ).toEqual([
      [2, "pass"],
      [1, "pass"],
    ]);
  });

  it("pulling again never overwrites the learner's files; it restores a deleted test", async () => {
    writeFileSync(path.join(dir, "stock/core.py"), "# mine\n");
    rmSync(path.join(dir, "tests/test_01_add.py"));
    const r = await pydojo(["pull", "clip/stock"], work);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      "clip/stock → ./clip/stock/\n  at stage 2 of 2; your files were not touched\n",
    );
    expect(read("stock/core.py")).toBe("# mine\n");
    expect(read("tests/test_01_add.py")).toContain("def test_add_accumulates");
    // A course pull finds the project too (into a fresh folder: starting at the first open stage).
    const other = mkdtempSync(path.join(os.tmpdir(), "pydojo-project-course-"));
    const course = await pydojo(["pull", "--course", "clip", "--dir", other], work);
    expect(course.code).toBe(0);
    expect(course.out).toContain("clip/stock → ");
    expect(existsSync(path.join(other, "clip/stock/tests/test_02_remove.py"))).toBe(true);
    expect(course.out).toContain("\n1 exercise and 1 project pulled");
    // A stage's exercise id pulls its project.
    const third = mkdtempSync(path.join(os.tmpdir(), "pydojo-project-stage-"));
    const byStage = await pydojo(["pull", "clip/stock-stage-2", "--dir", third], work);
    expect(byStage.out).toMatch(/^clip\/stock → /);
    expect(existsSync(path.join(third, "clip/stock/.pydojo/project.json"))).toBe(true);
  });

  it("looks right on a terminal: colours, grouped stages", async () => {
    writeFileSync(path.join(dir, "stock/core.py"), reference("02-remove"));
    const { code, screen } = await underTerminal(`node ${BIN} test --seed 3`, dir, {
      XDG_CONFIG_HOME: home,
    });
    expect(code).toBe(0);
    expect(screen).toContain("\x1b[32mstage 1 — Adding stock: 4 passed\x1b[0m");
    expect(screen).toContain("seed 3");
  });
});
