/**
 * An Exercism-style folder whose fixtures live in a conftest.py its config does not list grades
 * as plain pytest would run it: the loader takes the conftest.py files pytest would read.
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
    files: { solution: ["tally.py"], test: ["tests/test_tally.py"], example: [".meta/example.py"] },
  }),
  ".docs/instructions.md": "# Tally\n\nCount the votes.\n",
  "tally.py": "def tally(votes):\n    pass\n",
  ".meta/example.py":
    "def tally(votes):\n    counts = {}\n    for v in votes:\n        counts[v] = counts.get(v, 0) + 1\n    return counts\n",
  "conftest.py": "import pytest\n\n@pytest.fixture\ndef votes():\n    return ['red', 'blue', 'red']\n",
  "tests/conftest.py":
    "import pytest\n\n@pytest.fixture\ndef expected(votes):\n    return {'red': 2, 'blue': 1}\n",
  "tests/test_tally.py":
    "from tally import tally\n\n\ndef test_counts(votes, expected):\n    assert tally(votes) == expected\n\n\ndef test_nothing():\n    assert tally([]) == {}\n",
};

describe("an Exercism folder with unlisted conftest.py files", () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await createRunner("sandbox");
  });
  afterAll(async () => {
    await runner?.close();
  });

  it("grades with their fixtures: the reference passes, the starter fails", async () => {
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
    ]);
    expect(outcome.stub?.tests.map((t) => t.status)).toEqual(["fail", "fail"]);
  }, 60_000);
});
