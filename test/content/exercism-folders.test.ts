/**
 * Folders from other platforms grade as plain pytest run in the folder would run them: the
 * loader takes the conftest.py files pytest would read and the data files beside the tests that
 * the config does not list, and the grader gives the data files to the learner's code and the
 * tests at the same paths in their working folder.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkExercise } from "../../src/app/check-exercise.js";
import { createRunner } from "../../src/runners/create-runner.js";
import type { Runner } from "../../src/runners/runner.js";

const FILES: Record<string, string> = {
  ".meta/config.json": JSON.stringify({
    files: {
      solution: ["tally.py"],
      test: ["tests/test_tally.py", "tests/test_file.py"],
      example: [".meta/example.py"],
    },
  }),
  ".docs/instructions.md": "# Tally\n\nCount the votes.\n",
  "tally.py": "def tally(votes):\n    pass\n\n\ndef tally_file(path):\n    pass\n",
  ".meta/example.py":
    "def tally(votes):\n    counts = {}\n    for v in votes:\n        counts[v] = counts.get(v, 0) + 1\n    return counts\n\n\n" +
    "def tally_file(path):\n    with open(path) as f:\n        return tally(f.read().split())\n",
  "conftest.py": "import pytest\n\n@pytest.fixture\ndef votes():\n    return ['red', 'blue', 'red']\n",
  "tests/conftest.py":
    "import pytest\n\n@pytest.fixture\ndef expected(votes):\n    return {'red': 2, 'blue': 1}\n",
  "tests/test_tally.py":
    "from tally import tally\n\n\ndef test_counts(votes, expected):\n    assert tally(votes) == expected\n\n\ndef test_nothing():\n    assert tally([]) == {}\n",
  "data/ballots.txt": "red\nblue\nred\ngreen\n",
  "tests/test_file.py": [
    "import os",
    "from tally import tally_file",
    "",
    "HERE = os.path.dirname(os.path.abspath(__file__))",
    "",
    "def test_from_the_working_folder():",
    "    assert tally_file('data/ballots.txt') == {'red': 2, 'blue': 1, 'green': 1}",
    "",
    "def test_next_to_the_tests():",
    "    assert tally_file(os.path.join(HERE, '..', 'data', 'ballots.txt'))['red'] == 2",
    "",
  ].join("\n"),
  README: "not data\n",
};

describe("a folder with unlisted conftest.py and data files", () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await createRunner("sandbox");
  });
  afterAll(async () => {
    await runner?.close();
  });

  it("grades with their fixtures and data: the reference passes, the starter fails", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-conftest-"));
    for (const [rel, content] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
    }
    const outcome = await checkExercise(dir, runner);
    expect(outcome.problems).toEqual([]);
    expect(outcome.reference?.tests.map((t) => [t.name, t.status])).toEqual([
      ["counts", "pass"],
      ["nothing", "pass"],
      ["from_the_working_folder", "pass"],
      ["next_to_the_tests", "pass"],
    ]);
    expect(outcome.stub?.tests.map((t) => t.status)).toEqual(["fail", "fail", "fail", "error"]);
  }, 60_000);
});
