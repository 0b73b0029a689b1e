/**
 * Projects in the learner's CLI against a scripted (and hostile) server on 127.0.0.1, with the
 * real CLI as a subprocess: what a server sends for a project is checked before anything is
 * written, the learner's files are walked with the project's rules (clear errors naming the file
 * and the rule), links are refused, `next` never replaces a file the learner made, and nothing a
 * server sends can drive the terminal.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cli, loggedInHome, startFakeServer, type FakeServer } from "./fake-server.js";

let server: FakeServer;
let home: string;
let root: string;
let work: string;
let outside: string;

beforeAll(async () => {
  server = await startFakeServer();
  home = loggedInHome(server.url);
});
afterAll(async () => server?.close());
beforeEach(() => {
  server.routes.clear();
  server.requests.length = 0;
  root = mkdtempSync(path.join(os.tmpdir(), "pydojo-project-hostile-"));
  work = path.join(root, "work");
  outside = path.join(root, "outside");
  mkdirSync(work);
  mkdirSync(outside);
  writeFileSync(path.join(outside, "id_ed25519"), "PRIVATE KEY\n");
});

const pydojo = (args: string[], cwd = work) => cli(args, cwd, home);
const tree = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => !e.isDirectory())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort()
    : [];

const TEST_1 = "from calc import double\n\n\ndef test_double():\n    assert double(2) == 4\n";
const TEST_2 = "from calc import half\n\n\ndef test_half():\n    assert half(4) == 2\n";

function stage(n: number, overrides: Record<string, unknown> = {}) {
  return {
    n,
    id: `mini/calc-stage-${n}`,
    slug: n === 1 ? "double" : "half",
    title: n === 1 ? "Double" : "Half",
    estimatedMinutes: 5,
    concepts: [],
    runtimes: ["cpython"],
    xp: 20,
    hintCount: 0,
    locked: n > 1,
    state: "not-started",
    passedAt: null,
    instructions: n > 1 ? null : "# Double\n\nWrite `double(x)` in calc.py.\n",
    tests: n > 1 ? [] : [{ path: "tests/test_01_double.py", content: TEST_1 }],
    reference: null,
    ...overrides,
  };
}

function project(overrides: Record<string, unknown> = {}) {
  return {
    id: "mini/calc",
    courseId: "mini",
    moduleId: "basics",
    title: "Calc",
    summary: "A calculator.",
    difficulty: 1,
    runtimes: ["cpython"],
    runtimeNote: null,
    app: null,
    prerequisites: [],
    locked: false,
    fileRules: {},
    starter: [{ path: "calc.py", content: "def double(x):\n    raise NotImplementedError\n" }],
    stages: [stage(1), stage(2)],
    draft: null,
    ...overrides,
  };
}

const serve = (p: unknown) => server.routes.set("GET /api/projects/mini/calc", { body: p });

async function pulled(p = project()): Promise<string> {
  serve(p);
  const r = await pydojo(["pull", "mini/calc"]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return path.join(work, "mini", "calc");
}

describe("pull refuses what a hostile server sends for a project", () => {
  const badTests: [string, string][] = [
    ["../../outside/evil.py", "climbs out of the exercise folder"],
    ["tests/../../outside/evil.py", "climbs out of the exercise folder"],
    ["conftest.py", "a stage's test must be tests/<name>.py"],
    ["tests/sub/test_x.py", "a stage's test must be tests/<name>.py"],
    ["tests/test_x.sh", "a stage's test must be tests/<name>.py"],
    ["/etc/cron.d/evil.py", "absolute path"],
  ];
  for (const [name, why] of badTests) {
    it(`refuses the test path ${JSON.stringify(name)} and writes nothing`, async () => {
      serve(project({ stages: [stage(1, { tests: [{ path: name, content: "x = 1\n" }] })] }));
      const r = await pydojo(["pull", "mini/calc"]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(JSON.stringify(name));
      expect(r.err).toContain(why);
      expect(tree(work)).toEqual([]);
      expect(tree(outside)).toEqual(["id_ed25519"]);
    });
  }

  it("refuses starter files against the project's rules, oversized tests, another project's id", async () => {
    serve(project({ starter: [{ path: "../x.py", content: "" }] }));
    let r = await pydojo(["pull", "mini/calc"]);
    expect(r.err).toContain('refused file name "../x.py"');
    serve(project({ starter: [{ path: "run.sh", content: "rm -rf ~\n" }] }));
    r = await pydojo(["pull", "mini/calc"]);
    expect(r.err).toMatch(/refused the starter of mini\/calc from .*: run\.sh: only \.py/);
    serve(project({ draft: { files: [{ path: "INSTRUCTIONS.md", content: "" }], version: 1 } }));
    r = await pydojo(["pull", "mini/calc"]);
    expect(r.err).toContain('refused file name "INSTRUCTIONS.md"');
    expect(r.err).toContain("pydojo writes that file itself");
    serve(
      project({
        starter: [{ path: "tests/test_01_double.py", content: "" }],
      }),
    );
    r = await pydojo(["pull", "mini/calc"]);
    expect(r.err).toContain(
      "tests/test_01_double.py is one of the project's test files, not yours",
    );
    serve(
      project({
        stages: [
          stage(1, { tests: [{ path: "tests/test_big.py", content: "#".repeat(300 * 1024) }] }),
        ],
      }),
    );
    r = await pydojo(["pull", "mini/calc"]);
    expect(r.err).toMatch(/refused "tests\/test_big\.py" .*: 307200 bytes, more than the 262144/);
    serve(project({ id: "mini/other" }));
    r = await pydojo(["pull", "mini/calc"]);
    expect(r.err).toContain('answered with another project, "mini/other"');
    serve(project({ stages: [stage(2)] }));
    r = await pydojo(["pull", "mini/calc"]);
    expect(r.err).toContain("sent its stages out of order");
    serve(project({ title: 5 }));
    r = await pydojo(["pull", "mini/calc"]);
    expect(r.err).toContain("sent a malformed project (title:");
    // Limits beyond any exercise's (hours of CPU, terabytes) are not taken from a server.
    const limits = {
      timeoutSeconds: 86_400,
      testTimeoutSeconds: 5,
      memoryMb: 256,
      outputKb: 1024,
      processes: 32,
      fileSizeMb: 16,
      openFiles: 64,
    };
    serve(project({ limits }));
    r = await pydojo(["pull", "mini/calc"]);
    expect(r.err).toContain("sent a malformed project (limits.timeoutSeconds:");
    expect(tree(work)).toEqual([]);
  });

  it("writes the server's draft instead of the starter, and a second pull says the server is ahead", async () => {
    const draft = "def double(x):\n    return x + x  # from the website\n";
    const dir = await pulled(
      project({ draft: { files: [{ path: "calc.py", content: draft }], version: 3 } }),
    );
    expect(readFileSync(path.join(dir, "calc.py"), "utf8")).toBe(draft);
    expect(
      JSON.parse(readFileSync(path.join(dir, ".pydojo/project.json"), "utf8")).draftVersion,
    ).toBe(3);
    writeFileSync(path.join(dir, "calc.py"), "# mine\n");
    serve(
      project({
        stages: [
          stage(1, { state: "passed" }),
          stage(2, { locked: false, instructions: "# Half\n" }),
        ],
      }),
    );
    const again = await pydojo(["pull", "mini/calc"]);
    expect(again.code).toBe(0);
    expect(again.out).toContain(
      "stage 1 is passed on the server: 'pydojo next' (in the folder) moves it on",
    );
    expect(readFileSync(path.join(dir, "calc.py"), "utf8")).toBe("# mine\n");
  });

  it("says a locked project is locked, and what unlocks it", async () => {
    serve(project({ locked: true, prerequisites: ["mini/add"] }));
    const r = await pydojo(["pull", "mini/calc"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("pydojo pull: mini/calc is locked: pass mini/add first\n");
    expect(tree(work)).toEqual([]);
  });

  it("prints titles and test output without escape sequences", async () => {
    const evil = "Calc\u001b]0;pwned\u0007\u001b[2J\u202e";
    const dir = await pulled(
      project({
        title: evil,
        stages: [
          stage(1, {
            title: `Double\u001b[31m`,
            tests: [
              {
                path: "tests/test_01_double.py",
                content: `def test_double():\n    print("\\x1b[2J\\x1b]8;;http://evil\\x07")\n    assert False\n`,
              },
            ],
          }),
        ],
      }),
    );
    const r = await pydojo(["test"], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain("Calc — stage 1 of 1");
    expect(r.out).toContain("stage 1 — Double: 0 passed, 1 failed");
    for (const c of ["\u001b", "\u0007", "\u202e"]) expect(r.out).not.toContain(c);
    expect(JSON.parse(readFileSync(path.join(dir, ".pydojo/project.json"), "utf8")).title).toBe(
      "Calc",
    );
    // The files pydojo writes for the learner to read (and `cat`) are cleaned too.
    for (const file of ["INSTRUCTIONS.md", "README.md"])
      for (const c of ["\u001b", "\u0007", "\u202e"])
        expect(readFileSync(path.join(dir, file), "utf8"), file).not.toContain(c);
    // A hint is printed the same way.
    server.routes.set("GET /api/exercises/mini/calc-stage-1/hints/1", {
      body: { hint: `Use ${evil} carefully`, shown: 1, total: 1 },
    });
    const hint = await pydojo(["hint"], dir);
    expect(hint.code).toBe(0);
    expect(hint.out).toContain("Hint 1 of 1");
    for (const c of ["\u001b", "\u0007", "\u202e"]) expect(hint.out).not.toContain(c);
  });
});

describe("the learner's files in a project folder", () => {
  it("skips hidden folders, venvs and caches, sends what the rules allow, refuses links", async () => {
    const dir = await pulled();
    writeFileSync(path.join(dir, "calc.py"), "def double(x):\n    return 2 * x\n");
    mkdirSync(path.join(dir, ".git"));
    writeFileSync(path.join(dir, ".git", "config.py"), "secret = 1\n");
    mkdirSync(path.join(dir, "myenv", "lib"), { recursive: true });
    writeFileSync(path.join(dir, "myenv", "pyvenv.cfg"), "home = /usr\n");
    writeFileSync(path.join(dir, "myenv", "lib", "site.py"), "x = 1\n");
    mkdirSync(path.join(dir, "__pycache__"));
    writeFileSync(path.join(dir, "__pycache__", "calc.cpython-311.pyc"), "\0");
    mkdirSync(path.join(dir, "pkg"));
    writeFileSync(path.join(dir, "pkg", "__init__.py"), "");
    writeFileSync(path.join(dir, "pkg", "data.csv"), "a,b\n");
    writeFileSync(path.join(dir, "shop.db"), "binary");
    server.routes.set("GET /api/progress", { body: { stats: { xp: 0 } } });
    server.routes.set("POST /api/exercises/mini/calc-stage-1/submissions", {
      status: 202,
      body: { id: "s1", exerciseId: "mini/calc-stage-1", status: "infra-error", error: "stop" },
    });
    const r = await pydojo(["submit"], dir);
    expect(r.err).toContain("note: not part of your project");
    expect(r.err).toContain("shop.db");
    const sent = JSON.parse(server.requests.find((q) => q.method === "POST")!.body) as {
      files: { path: string }[];
    };
    expect(sent.files.map((f) => f.path).sort()).toEqual([
      "calc.py",
      "pkg/__init__.py",
      "pkg/data.csv",
    ]);

    symlinkSync(path.join(outside, "id_ed25519"), path.join(dir, "key.py"));
    const linked = await pydojo(["test"], dir);
    expect(linked.code).toBe(1);
    expect(linked.err).toContain("key.py is a symbolic link: pydojo never follows links");
    expect(server.requests.some((q) => q.body.includes("PRIVATE KEY"))).toBe(false);
  });

  it("names the file and the rule when the folder breaks one", async () => {
    const dir = await pulled();
    writeFileSync(path.join(dir, "big.py"), "#".repeat(70 * 1024));
    let r = await pydojo(["test"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe("pydojo test: big.py is 70 KB: a project file may have at most 64 KB\n");
    writeFileSync(path.join(dir, "big.py"), "");
    writeFileSync(path.join(dir, "my notes.md"), "");
    r = await pydojo(["test"], dir);
    expect(r.err).toContain('"my notes.md" is not an allowed file name');
    writeFileSync(path.join(dir, "my notes.md"), "");
    for (let i = 0; i < 60; i++) writeFileSync(path.join(dir, `m${i}.py`), "");
    r = await pydojo(["test"], dir);
    expect(r.err).toMatch(/pydojo test: 6\d files in .*: a project holds at most 60 of your files/);
  });

  it("a damaged .pydojo/project.json is refused with what to do", async () => {
    const dir = await pulled();
    const file = path.join(dir, ".pydojo/project.json");
    const state = JSON.parse(readFileSync(file, "utf8"));
    state.tests[0].path = "../../outside/id_ed25519";
    writeFileSync(file, JSON.stringify(state));
    const r = await pydojo(["test"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("project.json is not valid (tests.0.path");
    expect(r.err).toContain("delete the .pydojo folder and run 'pydojo pull <project>' again");
  });
});

describe("next", () => {
  it("refuses before the server's pass, and never replaces a file the learner made", async () => {
    const dir = await pulled();
    const r = await pydojo(["next"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "pydojo next: stage 1 is not passed on the server yet: run `pydojo submit` first\n",
    );
    serve(
      project({
        stages: [
          stage(1, { state: "passed" }),
          stage(2, {
            locked: false,
            instructions: "# Half\n",
            tests: [{ path: "tests/test_02_half.py", content: TEST_2 }],
          }),
        ],
      }),
    );
    writeFileSync(path.join(dir, "tests", "test_02_half.py"), "# my own notes\n");
    const before = readFileSync(path.join(dir, ".pydojo/project.json"), "utf8");
    const refused = await pydojo(["next"], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      "tests/test_02_half.py already exists and is not stage 2's test: rename it",
    );
    expect(readFileSync(path.join(dir, "tests", "test_02_half.py"), "utf8")).toBe(
      "# my own notes\n",
    );
    expect(readFileSync(path.join(dir, ".pydojo/project.json"), "utf8")).toBe(before);
    // Renamed: next goes ahead, and keeps the learner's edits of INSTRUCTIONS.md.
    writeFileSync(path.join(dir, "tests", "test_02_half.py"), TEST_2);
    writeFileSync(path.join(dir, "INSTRUCTIONS.md"), "my notes on stage 1\n");
    const ok = await pydojo(["next"], dir);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(
      "your edited INSTRUCTIONS.md is kept as .pydojo/stages/01-double.yours.md",
    );
    expect(readFileSync(path.join(dir, ".pydojo/stages/01-double.yours.md"), "utf8")).toBe(
      "my notes on stage 1\n",
    );
    expect(readFileSync(path.join(dir, "INSTRUCTIONS.md"), "utf8")).toContain("# Half");
  });

  it("refuses a test path outside tests/ sent with the next stage", async () => {
    const dir = await pulled();
    serve(
      project({
        stages: [
          stage(1, { state: "passed" }),
          stage(2, {
            locked: false,
            instructions: "# Half\n",
            tests: [{ path: "calc.py", content: "import os\n" }],
          }),
        ],
      }),
    );
    const mine = readFileSync(path.join(dir, "calc.py"), "utf8");
    const r = await pydojo(["next"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('refused test file "calc.py"');
    expect(readFileSync(path.join(dir, "calc.py"), "utf8")).toBe(mine);
  });

  it("sync says it does not handle projects yet; run serves only the learner's own modules", async () => {
    const dir = await pulled(project({ app: "os:abort()" }));
    const sync = await pydojo(["sync"], dir);
    expect(sync.code).toBe(1);
    expect(sync.err).toContain("pydojo sync: projects have no drafts to sync yet");
    const run = await pydojo(["run"], path.join(dir, "tests"));
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      "this project serves os:abort(), but os is not one of your modules yet",
    );
  });

  it("outside a project folder says what next is for", async () => {
    const r = await pydojo(["next"], outside);
    expect(r.code).toBe(1);
    expect(r.err).toContain("is not inside a pulled project folder");
  });
});
