/**
 * Plausible wrong solutions and unusual right ones, declared by an exercise: `pydojo check`
 * grades each for real (sandbox) and fails the exercise when a mistake passes, when it fails
 * without the message the author expects, or when an alternative does not pass.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkExercise } from "../../src/app/check-exercise.js";
import { createRunner } from "../../src/runners/create-runner.js";
import type { Runner } from "../../src/runners/runner.js";

const SAMPLE = path.resolve(import.meta.dirname, "../../content/sample/temperature");

function copy(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "pydojo-mistakes-")), "temperature");
  cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

describe("mistakes and alternatives in the content check", () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await createRunner("sandbox");
  });
  afterAll(async () => {
    await runner?.close();
  });

  it("passes when every mistake fails as expected and every alternative passes", async () => {
    const outcome = await checkExercise(SAMPLE, runner);
    expect(outcome.problems).toEqual([]);
    expect([outcome.mistakes, outcome.alternatives]).toEqual([2, 1]);
  }, 60_000);

  it("fails on a mistake the tests miss, one that fails without teaching, and a rejected alternative", async () => {
    const dir = copy();
    // The "mistake" is now the right code: the tests cannot catch it.
    writeFileSync(
      path.join(dir, ".meta/mistakes/integer_division.py"),
      readFileSync(path.join(dir, ".meta/exemplar.py"), "utf8"),
    );
    const metaFile = path.join(dir, ".meta/pydojo.json");
    const meta = JSON.parse(readFileSync(metaFile, "utf8"));
    meta.mistakes[0].expect = "a message no test prints";
    writeFileSync(metaFile, JSON.stringify(meta));
    // The alternative now labels 0 °C wrongly.
    const alternative = path.join(dir, ".meta/alternative_table.py");
    writeFileSync(alternative, readFileSync(alternative, "utf8").replace(' or (label == "freezing" and celsius == limit)', ""));
    const outcome = await checkExercise(dir, runner);
    expect(outcome.status).toBe("fail");
    expect(outcome.problems).toEqual([
      expect.stringMatching(/^mistake boundary-off-by-one fails, but no message says "a message no test prints" \(first failure: .*\(celsius=0\): AssertionError: 'cold' != 'freezing'/),
      "mistake integer-division passes the tests (`//` drops the fraction of a converted reading)",
      expect.stringMatching(/^alternative table-of-labels does not pass: fail \(\d+\/\d+ tests passed\)/),
    ]);
  }, 60_000);

  it("names a replacement that is not a solution file, or a file that is missing", async () => {
    const dir = copy();
    const metaFile = path.join(dir, ".meta/pydojo.json");
    const meta = JSON.parse(readFileSync(metaFile, "utf8"));
    meta.mistakes[1].files = { "other.py": ".meta/mistakes/nowhere.py" };
    writeFileSync(metaFile, JSON.stringify(meta));
    const outcome = await checkExercise(dir, runner);
    expect(outcome.problems).toEqual([
      ".meta/pydojo.json: mistakes.1.files: other.py is not one of files.solution",
      ".meta/pydojo.json: mistakes.1.files: file not found: .meta/mistakes/nowhere.py",
    ]);
  });
});
