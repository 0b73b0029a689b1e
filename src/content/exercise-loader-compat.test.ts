import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExerciseFormatError, inferSolutionFiles, loadExercise } from "./exercise-loader.js";

function makeExercise(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-compat-"));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const EXERCISM = {
  ".meta/config.json": JSON.stringify({
    files: { test: ["two_fer_test.py"], example: [".meta/example.py"] },
  }),
  "two_fer.py": "def two_fer(name='you'):\n    pass\n",
  "two_fer_test.py": "from two_fer import two_fer\n",
  ".meta/example.py": "def two_fer(name='you'):\n    return f'One for {name}, one for me.'\n",
};

describe("Exercism folders the loader completes", () => {
  it("infers files.solution from the test files as Exercism's runner does", () => {
    expect(inferSolutionFiles(["two_fer_test.py"])).toEqual(["two_fer.py"]);
    expect(inferSolutionFiles(["paasio_test.py", "test_utils.py"])).toEqual(["paasio.py"]);
    expect(inferSolutionFiles(["bob_test.py", "sub/bob_test.py"])).toEqual(["bob.py", "sub/bob.py"]);
    expect(inferSolutionFiles(["test_bob.py", "helpers.py"])).toEqual(["bob.py"]);
    expect(inferSolutionFiles(["checks.py"])).toBeNull();
  });

  it("loads a folder with no files.solution and no .docs/instructions.md, with a warning", async () => {
    const ex = await loadExercise(makeExercise(EXERCISM));
    expect(ex.config.files.solution).toEqual(["two_fer.py"]);
    expect(ex.solutionModules).toEqual(["two_fer"]);
    expect(ex.stub).toEqual([{ path: "two_fer.py", content: EXERCISM["two_fer.py"] }]);
    expect(ex.reference[0]!.path).toBe("two_fer.py");
    expect(ex.instructions).toBe("");
    expect(ex.warnings).toEqual([
      ".docs/instructions.md: (file): missing: every exercise needs instructions",
    ]);
  });

  it("takes the data files the config does not list, within bounds, and says what it left", async () => {
    const ex = await loadExercise(
      makeExercise({
        ...EXERCISM,
        ".docs/instructions.md": "# Two fer\n",
        "data/names.txt": "Alice\nBob\n",
        "data/deep/more.csv": "a,b\n1,2\n",
        "data/big.txt": "x".repeat(300 * 1024),
        "data/logo.bin": "\u0000\u00ff",
        "data/bad name.txt": "spaces are not accepted by pydojo pull\n",
        "README.md": "Exercism's own readme\n",
        "HELP.md": "help\n",
        ".exercism/metadata.json": "{}",
        "__pycache__/x.txt": "cache\n",
        "notes.md": "a root markdown file is not data\n",
      }),
    );
    expect(ex.support.map((f) => f.path)).toEqual(["data/deep/more.csv", "data/names.txt"]);
    expect(ex.support[1]!.content).toBe("Alice\nBob\n");
    expect(ex.warnings).toEqual([
      expect.stringMatching(/^data\/big\.txt: not given to the grader: .* 256 KB each/),
      expect.stringMatching(/^data\/logo\.bin: not given to the grader: only text \(UTF-8\)/),
    ]);
  });

  it("has no warning when the instructions are there", async () => {
    const ex = await loadExercise(
      makeExercise({ ...EXERCISM, ".docs/instructions.md": "# Two fer\n" }),
    );
    expect(ex.warnings).toEqual([]);
  });

  it("shows .docs/introduction.md after the instructions, as their background", async () => {
    const ex = await loadExercise(
      makeExercise({
        ...EXERCISM,
        ".docs/instructions.md": "# Two fer\n\nSay it.\n",
        ".docs/introduction.md": "# Introduction\n\nStrings can be formatted.\n",
      }),
    );
    expect(ex.instructions).toBe("# Two fer\n\nSay it.\n\n## Background\n\nStrings can be formatted.\n");
  });

  it("names the field when the solution cannot be inferred", async () => {
    const dir = makeExercise({
      ...EXERCISM,
      ".meta/config.json": JSON.stringify({
        files: { test: ["checks.py"], example: [".meta/example.py"] },
      }),
      "checks.py": "",
    });
    const error = await loadExercise(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExerciseFormatError);
    expect((error as ExerciseFormatError).issues.map((i) => i.field)).toEqual(["files.solution"]);
  });

  it("reports a missing inferred stub as a missing solution file", async () => {
    const rest: Record<string, string> = { ...EXERCISM };
    delete rest["two_fer.py"];
    const error = await loadExercise(makeExercise(rest)).catch((e: unknown) => e);
    expect((error as ExerciseFormatError).issues).toEqual([
      { file: ".meta/config.json", field: "files.solution.0", message: "file not found: two_fer.py" },
    ]);
  });
});
