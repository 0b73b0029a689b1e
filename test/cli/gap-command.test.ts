/**
 * `pydojo gap`: a posting in, the skills it asks for (required and nice to have, ruled out,
 * taught here or not) and a path that respects prerequisites out — offline, through the CLI;
 * with `--resume`, the résumé's claims and what it doesn't mention; logged in to a real server,
 * the skills that server verified.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadCourse } from "../../src/content/course-loader.js";
import { as, signup, startTestServer } from "../server/harness.js";

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, "../../bin/pydojo.js");
const COURSE = path.resolve(import.meta.dirname, "../../content/courses/python-backend");

const POSTING = `Junior Backend Developer (Python)

Requirements:
- Python 3 and SQL (we use PostgreSQL)
- Unit testing (pytest), Git
- No Java needed.

Nice to have:
- asyncio, Docker
`;

describe("pydojo gap", () => {
  it("finds the skills, says which PyDojo teaches, and orders a path after its prerequisites", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-gap-"));
    const file = path.join(dir, "posting.txt");
    writeFileSync(file, POSTING);
    const { stdout } = await run(process.execPath, [CLI, "gap", file, "--offline", "--json"], {
      env: { ...process.env, XDG_CONFIG_HOME: dir },
    });
    const report = JSON.parse(stdout);
    const status = Object.fromEntries(
      report.skills.map((s: { id: string; status: string; required: boolean }) => [
        s.id,
        [s.status, s.required],
      ]),
    );
    expect(status).toEqual({
      python: ["missing", true],
      sql: ["missing", true],
      postgresql: ["not-taught", true],
      "unit-testing": ["missing", true],
      pytest: ["missing", true],
      git: ["missing", true],
      asyncio: ["missing", false],
      docker: ["not-taught", false],
    });
    expect(report.excluded).toEqual(["java"]);
    expect(report.note).toContain("offline");
    const course = await loadCourse(COURSE);
    const prerequisites = new Map(
      course.modules.flatMap((m) =>
        m.exercises.map((e) => [e.meta!.id, e.meta!.prerequisites] as const),
      ),
    );
    const ids: string[] = report.path.map((p: { id: string }) => p.id);
    for (const [i, id] of ids.entries())
      for (const pre of prerequisites.get(id) ?? []) {
        // Every prerequisite is on the path (nothing is passed yet), before the exercise.
        expect([id, pre, ids.indexOf(pre) >= 0]).toEqual([id, pre, true]);
        expect(ids.indexOf(pre)).toBeLessThan(i);
      }
    // Each missing taught skill is on the path; the hours add up the exercises' minutes.
    for (const skill of ["git", "asyncio", "pytest"])
      expect(report.path.some((p: { skills: string[] }) => p.skills.includes(skill))).toBe(true);
    const minutes = report.path.reduce((s: number, p: { minutes: number }) => s + p.minutes, 0);
    expect(report.hours).toBeCloseTo(minutes / 60, 1);
  });

  it("says what is wrong with a missing file or a binary one", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-gap-"));
    const fail = (args: string[]) =>
      run(process.execPath, [CLI, "gap", ...args, "--offline"]).then(
        () => ({ code: 0, stderr: "" }),
        (e: { code: number; stderr: string }) => e,
      );
    const missing = await fail([path.join(dir, "nope.txt")]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("cannot read")]);
    writeFileSync(path.join(dir, "posting.pdf"), Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2]));
    const binary = await fail([path.join(dir, "posting.pdf")]);
    expect([binary.code, binary.stderr]).toEqual([2, expect.stringContaining("pdftotext")]);
  });
});

describe("pydojo gap, for postings that are not what PyDojo teaches", () => {
  it("names what it ruled out, says where each skill was read, and warns on non-Python and non-English texts", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-gap-"));
    const env = { ...process.env, XDG_CONFIG_HOME: dir, NO_COLOR: "1" };
    const gap = async (text: string, ...more: string[]) => {
      const file = path.join(dir, "posting.txt");
      writeFileSync(file, text);
      return (await run(process.execPath, [CLI, "gap", file, "--offline", ...more], { env }))
        .stdout;
    };
    const java = await gap(
      "Senior Java Engineer\n\nRequirements:\n- Java 21, Git\n- No PHP needed.\n",
    );
    expect(java).toContain("doesn't ask for Python as a requirement");
    expect(java).toContain("Ruled out by the text: PHP");
    expect(java).toMatch(/✗ Git — “Git”, line 4/);
    const german = await gap(
      "Wir suchen eine Entwicklerin mit Erfahrung in Python und Django. Du hast Kenntnisse in der Arbeit mit Git und bist für das Team da.\n",
    );
    expect(german).toContain("This text looks German");
    writeFileSync(path.join(dir, "cv.md"), "Skills: Python, Docker\n");
    const empty = await gap("\n", "--resume", path.join(dir, "cv.md"));
    expect(empty).toContain("The text is empty");
    expect(empty).toContain("Your résumé");
  });
});

describe("pydojo gap --resume", () => {
  it("says which claims are verified here, which are not, and what the résumé leaves out", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-gap-"));
    writeFileSync(path.join(dir, "posting.txt"), POSTING);
    writeFileSync(path.join(dir, "cv.md"), "# Ana\n\nSkills: Python, Docker, Rust.\n");
    const args = [CLI, "gap", path.join(dir, "posting.txt"), "--resume", path.join(dir, "cv.md")];
    const env = { ...process.env, XDG_CONFIG_HOME: dir, NO_COLOR: "1" };
    const json = JSON.parse(
      (await run(process.execPath, [...args, "--offline", "--json"], { env })).stdout,
    );
    expect(
      json.resume.claimed.map((c: { id: string; status: string; inPosting: boolean }) => [
        c.id,
        c.status,
        c.inPosting,
      ]),
    ).toEqual([
      ["python", "missing", true],
      ["docker", "not-taught", true],
      ["rust", "not-taught", false],
    ]);
    expect(json.resume.unmentioned.map((u: { id: string }) => u.id)).toEqual([
      "sql",
      "postgresql",
      "unit-testing",
      "pytest",
      "git",
      "asyncio",
    ]);
    const { stdout } = await run(process.execPath, [...args, "--offline"], { env });
    expect(stdout).toContain("Your résumé");
    expect(stdout).toMatch(/Claimed, not verified yet:\n {4}✗ Python\n/);
    expect(stdout).toContain("- Rust (the posting doesn't ask for it)");
    expect(stdout).toMatch(/doesn't mention:\n {4}! SQL\n/);
    expect(stdout).toContain("! asyncio (nice to have)");
  });
});

describe("pydojo gap, logged in", () => {
  it("marks the skills the server verified (GET /api/me/skills) and leaves them off the path", async () => {
    const server = await startTestServer();
    try {
      const url = await server.app.listen({ port: 0, host: "127.0.0.1" });
      const learner = await signup(server.app, "gap.cli@example.com");
      for (const [slug, content] of [
        ["add", "def add(a, b):\n    return a + b\n"],
        ["greet", 'def greet(name):\n    return f"Hello, {name}!"\n'],
      ] as const) {
        const submit = await server.app.inject({
          method: "POST",
          url: `/api/exercises/mini/${slug}/submissions`,
          headers: as(learner),
          payload: { files: [{ path: `${slug}.py`, content }] },
        });
        const done = await server.app.inject({
          method: "GET",
          url: `/api/submissions/${(submit.json() as { id: string }).id}?wait=25`,
          headers: as(learner, false),
        });
        expect(done.json().result?.status).toBe("pass");
      }
      const token = (
        await server.app.inject({
          method: "POST",
          url: "/api/tokens",
          headers: as(learner),
          payload: { name: "cli" },
        })
      ).json().token as string;
      const home = mkdtempSync(path.join(os.tmpdir(), "pydojo-gap-home-"));
      const file = path.join(home, "posting.txt");
      writeFileSync(file, POSTING);
      const env = { ...process.env, XDG_CONFIG_HOME: home, NO_COLOR: "1" };
      // The server runs in this process: the CLI must not block its event loop (async exec).
      await run(process.execPath, [CLI, "login", "--server", url, "--token", token], { env });
      const report = JSON.parse(
        (await run(process.execPath, [CLI, "gap", file, "--json"], { env })).stdout,
      );
      expect(report.note).toBeNull();
      const python = report.skills.find((s: { id: string }) => s.id === "python");
      expect(python).toMatchObject({ status: "verified", evidence: ["mini/greet"] });
      expect(report.skills.find((s: { id: string }) => s.id === "sql").status).toBe("missing");
      expect(report.path.some((p: { skills: string[] }) => p.skills.includes("python"))).toBe(
        false,
      );
    } finally {
      await server.close();
    }
  });
});
