import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExerciseFormatError, loadExercise } from "./exercise-loader.js";

function makeExercise(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-ex-"));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const CONFIG = JSON.stringify({
  files: { solution: ["two_fer.py"], test: ["two_fer_test.py"], example: [".meta/example.py"] },
});
const BASE = {
  ".meta/config.json": CONFIG,
  ".docs/instructions.md": "# Two fer\n",
  "two_fer.py": "def two_fer(name='you'):\n    pass\n",
  "two_fer_test.py": "from two_fer import two_fer\n",
  ".meta/example.py": "def two_fer(name='you'):\n    return f'One for {name}, one for me.'\n",
};

async function issuesOf(dir: string) {
  try {
    await loadExercise(dir);
  } catch (error) {
    if (error instanceof ExerciseFormatError) return error.issues;
    throw error;
  }
  throw new Error("expected an ExerciseFormatError");
}

describe("loadExercise", () => {
  it("loads a plain Exercism folder with no PyDojo metadata", async () => {
    const ex = await loadExercise(makeExercise(BASE));
    expect(ex.meta).toBeNull();
    expect(ex.title).toBe(path.basename(ex.dir).split("-").map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" "));
    expect(ex.solutionModules).toEqual(["two_fer"]);
    expect(ex.reference).toEqual([{ path: "two_fer.py", content: BASE[".meta/example.py"] }]);
    expect(ex.tests.map((t) => t.path)).toEqual(["two_fer_test.py"]);
  });

  it("takes the conftest.py files pytest would read, listed or not, once each", async () => {
    const fixture = "import pytest\n\n@pytest.fixture\ndef name():\n    return 'Alice'\n";
    const ex = await loadExercise(
      makeExercise({
        ...BASE,
        ".meta/config.json": JSON.stringify({
          files: {
            solution: ["two_fer.py"],
            test: ["tests/two_fer_test.py", "tests/deep/more_test.py", "tests/deep/conftest.py"],
            example: [".meta/example.py"],
          },
        }),
        "tests/two_fer_test.py": "from two_fer import two_fer\n",
        "tests/deep/more_test.py": "from two_fer import two_fer\n",
        "tests/deep/conftest.py": fixture,
        "tests/conftest.py": fixture,
        "conftest.py": fixture,
        "elsewhere/conftest.py": fixture, // not above any test file: pytest would not read it
      }),
    );
    expect(ex.tests.map((t) => t.path)).toEqual([
      "tests/two_fer_test.py",
      "tests/deep/more_test.py",
      "tests/deep/conftest.py",
      "tests/conftest.py",
      "conftest.py",
    ]);
    expect(ex.tests.at(-1)?.content).toBe(fixture);
  });

  it("names the file and the field of every metadata problem", async () => {
    const dir = makeExercise({
      ...BASE,
      ".meta/pydojo.json": JSON.stringify({ id: "Two Fer", title: "Two-fer", difficulty: 9, concepts: ["strings"], estimatedMinutes: 5, colour: "red" }),
    });
    const issues = await issuesOf(dir);
    expect(issues.map((i) => [i.file, i.field])).toEqual([
      [".meta/pydojo.json", "id"],
      [".meta/pydojo.json", "difficulty"],
      [".meta/pydojo.json", "(root)"],
    ]);
    expect(issues[2]!.message).toMatch(/colour/);
  });

  it("reports a missing reference solution and missing files", async () => {
    const dir = makeExercise({
      ...BASE,
      ".meta/config.json": JSON.stringify({ files: { solution: ["two_fer.py"], test: ["missing_test.py"] } }),
    });
    const issues = await issuesOf(dir);
    expect(issues).toEqual([
      { file: ".meta/config.json", field: "files.example", message: "a reference solution is required: set files.example or files.exemplar" },
      { file: ".meta/config.json", field: "files.test.0", message: "file not found: missing_test.py" },
    ]);
  });

  it("rejects paths that leave the exercise folder", async () => {
    const dir = makeExercise({
      ...BASE,
      ".meta/config.json": JSON.stringify({ files: { solution: ["../evil.py"], test: ["two_fer_test.py"], example: [".meta/example.py"] } }),
    });
    const issues = await issuesOf(dir);
    expect(issues[0]).toMatchObject({ file: ".meta/config.json", field: "files.solution.0" });
  });

  it("says when the config is not JSON", async () => {
    const issues = await issuesOf(makeExercise({ ...BASE, ".meta/config.json": "{ nope" }));
    expect(issues[0]).toMatchObject({ file: ".meta/config.json", field: "(root)" });
    expect(issues[0]!.message).toMatch(/^not valid JSON/);
  });
});
