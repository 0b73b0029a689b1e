/**
 * A project's learner names their own files, so a file could take the name of a module the tests
 * import: `random.py` (choosing the "random" inputs), `pytest.py` (a `raises` that always
 * passes), or a test module's own name (tests the learner wrote in place of the stage's). Each
 * attack is graded for real through the sandbox and the local runner, and must end in an error
 * that says what to rename, never in a pass. A learner's own test file is also never collected.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeExercise } from "../../src/app/grade-exercise.js";
import { loadProject, type LoadedProject } from "../../src/content/project-loader.js";
import { createRunner } from "../../src/runners/create-runner.js";
import type { Runner, SourceFile } from "../../src/runners/runner.js";

const TALLY = path.resolve(
  import.meta.dirname,
  "../fixtures/project-content/courses/studio/01-basics/projects/tally",
);

/** A wrong solution (case-sensitive counting) plus the attacking file. */
const WRONG = "def count_words(text):\n    return {}\n";

const attacks: { name: string; file: SourceFile; message: RegExp }[] = [
  {
    name: "random.py fixes the inputs",
    file: {
      path: "random.py",
      content:
        "def choice(seq):\n    return seq[0]\n\ndef randint(a, b):\n    return a\n\ndef seed(*a, **k):\n    pass\n",
    },
    message: /your module random has the name of Python's own module 'random'/,
  },
  {
    name: "pytest.py replaces the test helpers",
    file: { path: "pytest.py", content: "def raises(*a, **k):\n    return None\n" },
    message: /your module pytest has the name of Python's own module 'pytest'/,
  },
  {
    name: "a module with a visible test module's name",
    file: {
      path: "test_01_count.py",
      content: "def test_example():\n    pass\n\ndef test_random_words():\n    pass\n",
    },
    message: /your module test_01_count has the name of one of the project's test modules/,
  },
  {
    name: "a package with a hidden test module's name",
    file: { path: "test_01_hidden/__init__.py", content: "def test_more_words():\n    pass\n" },
    message: /your module test_01_hidden has the name of one of the project's test modules/,
  },
];

for (const runnerName of ["sandbox", "local"] as const) {
  describe(`project files that shadow the tests' modules (${runnerName})`, () => {
    let runner: Runner;
    let project: LoadedProject;
    beforeAll(async () => {
      runner = await createRunner(runnerName, { prestart: 0 });
      project = await loadProject(TALLY);
    });
    afterAll(async () => {
      await runner?.close();
    });

    for (const attack of attacks) {
      it(attack.name, async () => {
        const stage = project.stages[0]!;
        const files = [
          { path: "tally/__init__.py", content: "" },
          { path: "tally/core.py", content: WRONG },
          attack.file,
        ];
        const result = await gradeExercise(stage.exercise, files, runner, { seed: 1 });
        expect(result.status).toBe("error");
        expect(result.message).toMatch(attack.message);
      });
    }

    it("a learner's own tests folder is theirs: never collected, never counted", async () => {
      const stage = project.stages[0]!;
      const files = [
        { path: "tally/__init__.py", content: "" },
        { path: "tally/core.py", content: WRONG },
        { path: "tests/test_mine.py", content: "def test_always():\n    assert True\n" },
      ];
      const result = await gradeExercise(stage.exercise, files, runner, { seed: 1 });
      expect(result.status).toBe("fail");
      expect(result.tests.map((t) => t.name)).not.toContain("always");
    });
  });
}
