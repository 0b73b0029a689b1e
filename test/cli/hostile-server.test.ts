/**
 * The learner's CLI against a hostile server: each attack is played by a fake HTTP server on
 * 127.0.0.1 and the real CLI (bin/pydojo.js) as a subprocess. Nothing may be written outside the
 * workspace, no file the exercise does not name may be read or sent, links are never followed,
 * and nothing the server sends can drive the terminal.
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
import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BIN,
  cli,
  exercise,
  loggedInHome,
  startFakeServer,
  underTerminal,
  type FakeServer,
} from "./fake-server.js";

let server: FakeServer;
let home: string;
let sandboxRoot: string; // everything a test creates lives below this
let work: string; // the workspace the learner pulls into
let outside: string; // a folder next to the workspace that must stay untouched

beforeAll(async () => {
  server = await startFakeServer();
  home = loggedInHome(server.url);
});
afterAll(async () => server?.close());
beforeEach(() => {
  server.routes.clear();
  server.requests.length = 0;
  sandboxRoot = mkdtempSync(path.join(os.tmpdir(), "pydojo-hostile-"));
  work = path.join(sandboxRoot, "work");
  outside = path.join(sandboxRoot, "outside");
  mkdirSync(work);
  mkdirSync(outside);
  writeFileSync(path.join(outside, "id_ed25519"), "PRIVATE KEY\n");
});

const serve = (id: string, ex: unknown) =>
  server.routes.set(`GET /api/exercises/${id}`, { body: ex });
const pydojo = (args: string[], cwd = work, env: NodeJS.ProcessEnv = {}) =>
  cli(args, cwd, home, env);
/** A course `evil` of one module listing these exercise ids, as a hostile server sends it. */
const serveEvilCourse = (ids: string[]) =>
  server.routes.set("GET /api/courses/evil", {
    body: {
      id: "evil",
      title: "Evil",
      description: "",
      modules: [
        {
          id: "m",
          title: "M",
          summary: "",
          items: ids.map((id) => ({ type: "exercise", id, title: id, minutes: 1 })),
        },
      ],
    },
  });
/** Every file below a folder (relative), to prove nothing else was written. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe("pull refuses what a hostile server sends", () => {
  it("refuses exercise ids that climb out of the workspace, and writes nothing for them", async () => {
    serveEvilCourse(["../../outside/autostart", "mini/add"]);
    serve("mini/add", exercise());
    const r = await pydojo(["pull", "--course", "evil"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `refused exercise id "../../outside/autostart" from the server ${server.url}`,
    );
    // The good exercise is pulled; nothing is written outside the workspace.
    expect(tree(work)).toEqual([
      "mini/add/.pydojo/exercise.json",
      "mini/add/README.md",
      "mini/add/add.py",
      "mini/add/add_test.py",
    ]);
    expect(tree(outside)).toEqual(["id_ed25519"]);
    expect(server.requests.some((q) => q.path.includes(".."))).toBe(false);
  });

  const badNames: [string, string][] = [
    ["../../outside/escape.py", "climbs out of the exercise folder"],
    ["../../../outside/.bashrc", "climbs out of the exercise folder"],
    ["/tmp/absolute.py", "absolute path"],
    ["sub\\..\\..\\x.py", "backslash"],
    ["nul\u0000.py", "NUL"],
    [".pydojo/exercise.json", "must not start with '.'"],
    ["a//b.py", "be empty"],
  ];
  for (const [name, why] of badNames) {
    it(`refuses the file name ${JSON.stringify(name)} (${why})`, async () => {
      serve("mini/add", exercise({ tests: [{ path: name, content: "print('pwned')\n" }] }));
      const r = await pydojo(["pull", "mini/add"]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(
        `refused file name ${JSON.stringify(name)} from the server ${server.url}`,
      );
      expect(r.err).toContain(why);
      expect(tree(work)).toEqual([]); // nothing at all is written for a refused exercise
      expect(tree(outside)).toEqual(["id_ed25519"]);
      expect(existsSync("/tmp/absolute.py")).toBe(false);
    });
  }

  it("refuses solution file names, oversized files and too many files", async () => {
    serve("mini/add", exercise({ solutionFiles: ["../../outside/id_ed25519"] }));
    let r = await pydojo(["pull", "mini/add"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('refused file name "../../outside/id_ed25519"');

    serve(
      "mini/add",
      exercise({ support: [{ path: "big.txt", content: "x".repeat(300 * 1024) }] }),
    );
    r = await pydojo(["pull", "mini/add"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /refused "big\.txt" from the server .*: 307200 bytes, more than the 262144/,
    );

    serve("mini/add", exercise({ runtimes: "cpython", prerequisites: null }));
    r = await pydojo(["pull", "mini/add"]);
    expect(r.code).toBe(1); // a clear refusal, not an internal error
    expect(r.err).toMatch(/sent a malformed exercise \(runtimes, prerequisites\)/);

    const many = Array.from({ length: 80 }, (_, i) => ({ path: `f${i}.txt`, content: "x" }));
    serve("mini/add", exercise({ support: many }));
    r = await pydojo(["pull", "mini/add"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/refused exercise mini\/add from .*: 82 files, .*at most 64 files/);
    expect(tree(work)).toEqual([]);
  });

  it("never writes through a symlinked file or folder in a pulled exercise", async () => {
    serve("mini/add", exercise());
    expect((await pydojo(["pull", "mini/add"])).code).toBe(0);
    const dir = path.join(work, "mini", "add");
    // Someone replaced the test file with a link to a private file; the server changed the tests.
    const test = path.join(dir, "add_test.py");
    const original = readFileSync(test, "utf8");
    const { rmSync } = await import("node:fs");
    rmSync(test);
    symlinkSync(path.join(outside, "id_ed25519"), test);
    serve("mini/add", exercise({ tests: [{ path: "add_test.py", content: "# new tests\n" }] }));
    let r = await pydojo(["pull", "mini/add"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/add_test\.py is a symbolic link: pydojo never follows links/);
    expect(readFileSync(path.join(outside, "id_ed25519"), "utf8")).toBe("PRIVATE KEY\n");
    expect(original).toContain("def test_add");

    // A linked folder on the way (work/mini -> outside) is refused too.
    const work2 = path.join(sandboxRoot, "work2");
    mkdirSync(work2);
    symlinkSync(outside, path.join(work2, "mini"));
    r = await pydojo(["pull", "mini/add"], work2);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/work2\/mini is a symbolic link/);
    expect(tree(outside)).toEqual(["id_ed25519"]);
  });
});

describe("pull never writes into a folder of the learner's", () => {
  it("refuses an id naming a folder pydojo did not make (a venv's lib), and keeps pulling the rest", async () => {
    // The learner's virtual environment, in the folder they pull into.
    const site = path.join(work, "venv", "lib", "python3.11", "site-packages");
    mkdirSync(site, { recursive: true });
    writeFileSync(path.join(site, "six.py"), "# installed\n");
    serveEvilCourse(["venv/lib", "mini/add"]);
    serve(
      "venv/lib",
      exercise({
        id: "venv/lib",
        solutionFiles: ["x.py"],
        starter: [{ path: "x.py", content: "" }],
        support: [{ path: "python3.11/zz.py", content: "import os; os.system('id')\n" }],
      }),
    );
    serve("mini/add", exercise());
    const r = await pydojo(["pull", "--course", "evil"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /venv\/lib already exists and pydojo did not make it .*nothing was written/,
    );
    expect(tree(path.join(work, "venv"))).toEqual(["lib/python3.11/site-packages/six.py"]);
    expect(tree(path.join(work, "mini"))).toContain("add/add.py");

    // A folder pydojo made (its .pydojo state is there) is pulled again as before, and an
    // empty folder the learner made for it is used.
    mkdirSync(path.join(work, "mini", "empty"), { recursive: true });
    serve("mini/empty", exercise({ id: "mini/empty" }));
    expect((await pydojo(["pull", "mini/empty"])).code).toBe(0);
    expect((await pydojo(["pull", "mini/add"])).code).toBe(0);
  });

  const startupNames = [
    "lib/python3.11/site-packages/evil.py",
    "zz_hook.pth",
    "sitecustomize.py",
    "pkg/usercustomize.py",
  ];
  for (const name of startupNames) {
    it(`refuses ${JSON.stringify(name)}, a name Python acts on by itself`, async () => {
      serve("mini/add", exercise({ support: [{ path: name, content: "import os\n" }] }));
      const r = await pydojo(["pull", "mini/add"]);
      expect(r.code).toBe(1);
      expect(r.err).toContain("a name Python acts on by itself");
      expect(tree(work)).toEqual([]);
    });
  }

  it("refuses a file named like sync's copy of a solution file, which sync --force deletes", async () => {
    serve(
      "mini/add",
      exercise({
        solutionFiles: ["add.py", "add.server.py"],
        starter: [
          { path: "add.py", content: "" },
          { path: "add.server.py", content: "" },
        ],
      }),
    );
    const r = await pydojo(["pull", "mini/add"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/refused file name "add\.server\.py" .*the name pydojo sync gives/);
    expect(tree(work)).toEqual([]);
  });

  it("bounds the instructions like a file, and a locked exercise's prerequisites", async () => {
    serve("mini/add", exercise({ instructions: "# Add\n" + "x".repeat(300 * 1024) }));
    let r = await pydojo(["pull", "mini/add"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/refused the instructions from .*more than the 262144 a file may have/);
    expect(tree(work)).toEqual([]);

    // Prerequisites nested 100,000 deep (joining them overflowed the stack).
    const locked = JSON.stringify(
      exercise({ locked: true, prerequisites: ["NESTED", "mini/first"] }),
    );
    const nested = `${"[".repeat(100_000)}"a/b"${"]".repeat(100_000)}`;
    server.routes.set("GET /api/exercises/mini/add", {
      raw: (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(locked.replace('"NESTED"', nested));
      },
    });
    r = await pydojo(["pull", "mini/add"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("mini/add is locked: pass mini/first first");
    expect(r.err).not.toMatch(/internal error|RangeError/);
  });

  it("refuses an answer of millions of tiny objects before parsing it", async () => {
    const objects = `[${"{},".repeat(2_000_000)}{}]`;
    server.routes.set("GET /api/exercises/mini/add", {
      raw: (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(objects);
      },
    });
    const r = await pydojo(["pull", "mini/add"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/more than 1,000,000 objects and lists/);
  });
});

describe("sync, submit and test read only the exercise's own files", () => {
  async function pulled(): Promise<string> {
    serve("mini/add", exercise());
    expect((await pydojo(["pull", "mini/add"])).code).toBe(0);
    return path.join(work, "mini", "add");
  }

  it("refuses a draft from the server whose file names are not the exercise's", async () => {
    const dir = await pulled();
    server.routes.set("GET /api/exercises/mini/add/draft", {
      body: {
        version: 3,
        updatedAt: "2026-01-01T00:00:00Z",
        files: [{ path: "../../../outside/id_ed25519", content: "overwritten" }],
      },
    });
    const r = await pydojo(["sync"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `refused file name "../../../outside/id_ed25519" from the server ${server.url} (draft of mini/add): it is not one of the exercise's solution files (add.py)`,
    );
    expect(readFileSync(path.join(outside, "id_ed25519"), "utf8")).toBe("PRIVATE KEY\n");
  });

  it("never uploads a file named by a tampered state file, nor one behind a link", async () => {
    const dir = await pulled();
    const stateFile = path.join(dir, ".pydojo", "exercise.json");
    const state = JSON.parse(readFileSync(stateFile, "utf8"));
    writeFileSync(
      stateFile,
      JSON.stringify({ ...state, solutionFiles: ["../../../outside/id_ed25519"] }),
    );
    server.routes.set("GET /api/exercises/mini/add/draft", { status: 404, body: {} });
    server.routes.set("POST /api/exercises/mini/add/submissions", { status: 202, body: {} });
    server.routes.set("GET /api/progress", {
      body: { stats: { xp: 0 }, exercises: [], activity: [] },
    });
    for (const command of ["sync", "submit", "test"]) {
      const r = await pydojo([command], dir);
      expect(r.code, command).toBe(1);
      expect(r.err).toContain(`refused file name "../../../outside/id_ed25519" from ${stateFile}`);
    }
    // A link in place of the learner's file is refused, not followed.
    writeFileSync(stateFile, JSON.stringify(state));
    const { rmSync } = await import("node:fs");
    rmSync(path.join(dir, "add.py"));
    symlinkSync(path.join(outside, "id_ed25519"), path.join(dir, "add.py"));
    for (const command of ["sync", "submit", "test"]) {
      const r = await pydojo([command], dir);
      expect(r.code, command).toBe(1);
      expect(r.err).toMatch(/add\.py is a symbolic link: pydojo never follows links/);
    }
    expect(server.requests.filter((q) => q.method !== "GET")).toEqual([]);
    expect(server.requests.some((q) => q.body.includes("PRIVATE KEY"))).toBe(false);
  });
});

describe("nothing the server sends can drive the terminal", () => {
  const ESC = "\u001b";
  const evil = `${ESC}]0;pwned${ESC}\\${ESC}[2J${ESC}[31mred${ESC}[0m\rfake PASS${ESC}]8;;http://evil.example${ESC}\\link${ESC}]8;;${ESC}\\\u202e!`;
  const cleaned = "redfake PASSlink!";
  /** Our own spinner may clear its line (ESC [2K); nothing else may reach the terminal. */
  const expectClean = (screen: string) => {
    const foreign = screen.replaceAll(`\r${ESC}[2K`, "");
    expect(foreign).not.toContain(ESC);
    expect(foreign).not.toContain("\u202e");
    expect(foreign).not.toContain("\u009b");
  };
  const env = () => ({ XDG_CONFIG_HOME: home, NO_COLOR: "1" });

  it("strips escape sequences from titles, test names, messages and output of a verdict", async () => {
    serve("mini/add", exercise({ title: `Add ${evil}` }));
    expect((await pydojo(["pull", "mini/add"])).code).toBe(0);
    const dir = path.join(work, "mini", "add");
    server.routes.set("GET /api/progress", {
      body: { stats: { xp: 0, level: 1 }, exercises: [], activity: [] },
    });
    server.routes.set("POST /api/exercises/mini/add/submissions", {
      status: 202,
      body: {
        id: "s1",
        exerciseId: "mini/add",
        status: "graded",
        error: null,
        createdAt: "2026-01-01T00:00:00Z",
        gradedAt: "2026-01-01T00:00:01Z",
        result: {
          version: 3,
          status: "fail",
          message: `overall ${evil}`,
          limit: null,
          tests: [
            {
              name: `test ${evil}`,
              status: "fail",
              message: `msg ${evil}`,
              output: `out ${evil}`,
              expected: `exp ${evil}`,
              actual: `act ${evil}`,
              test_code: "",
              task_id: null,
              duration_ms: 1,
              limit: null,
            },
          ],
          runner: "sandbox",
          isolation: "isolated",
          duration_ms: 5,
          python: "3.11.2",
        },
      },
    });
    const { code, screen } = await underTerminal(`node ${BIN} submit`, dir, env());
    expect(code).toBe(0);
    for (const part of ["Add", "test", "msg", "out", "exp", "act", "overall"])
      expect(screen).toContain(`${part} ${cleaned}`);
    expectClean(screen);
  });

  it("strips them from error messages and from what the server's tests print locally", async () => {
    server.routes.set("GET /api/exercises/mini/add", {
      status: 403,
      body: { error: { code: "forbidden", message: `no ${evil}` } },
    });
    let run = await underTerminal(`node ${BIN} pull mini/add`, work, env());
    expect(run.code).toBe(1);
    expect(run.screen).toContain(`no ${cleaned}`);
    expectClean(run.screen);

    const printing = `from add import add\n\n\ndef test_add():\n    print(${JSON.stringify(evil)})\n    assert add(1, 2) == 3\n`;
    serve("mini/add", exercise({ tests: [{ path: "add_test.py", content: printing }] }));
    expect((await pydojo(["pull", "mini/add"])).code).toBe(0);
    run = await underTerminal(`node ${BIN} test`, path.join(work, "mini", "add"), env());
    expect(run.code).toBe(1);
    expect(run.screen).toContain(cleaned);
    expectClean(run.screen);
  });
});

/** The CLI with its stdin closed at once (no token piped in: the browser login starts). */
function loginRun(args: string[]) {
  return new Promise<{ code: number; out: string; err: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: work,
        encoding: "utf8",
        env: { ...process.env, XDG_CONFIG_HOME: home, NO_COLOR: "1" },
        timeout: 30_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          out: stdout,
          err: stderr,
        }),
    );
    child.stdin?.end();
  });
}

describe("the browser login against a hostile server", () => {
  it("never opens or prints an address the server chose, and refuses a malformed code", async () => {
    server.routes.set("POST /api/cli/device", {
      body: {
        device_code: "d",
        user_code: "ABCD-EFGH",
        verification_uri: "https://evil.example/phish",
        verification_uri_complete: "https://evil.example/phish&calc.exe",
        expires_in: 1e9,
        interval: 0,
      },
    });
    server.routes.set("POST /api/cli/token", {
      status: 400,
      body: { error: "access_denied", error_description: "denied" },
    });
    const run = await loginRun(["login", "--server", server.url, "--no-browser"]);
    expect(run.err).toContain(`${server.url}/#/device?code=ABCD-EFGH`);
    expect(run.err + run.out).not.toContain("evil.example");
    expect(run.code).not.toBe(0);

    server.routes.set("POST /api/cli/device", {
      body: {
        device_code: "d",
        user_code: "\u001b]0;pwned\u0007",
        verification_uri: server.url,
        verification_uri_complete: server.url,
        expires_in: 600,
        interval: 5,
      },
    });
    const bad = await loginRun(["login", "--server", server.url, "--no-browser"]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/malformed login code/);
    expect(bad.err).not.toContain("\u001b]0;");
  });
});
