/**
 * `pydojo check` and a starter that does not load. A course's starter must load (a learner's
 * first Run shows the tests, not one import error); a plain Exercism folder's starter may name
 * only part of what the tests import, as Exercism's concept exercises do, and gets a warning.
 * A starter that is not valid Python fails the check either way.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkExercise } from "../../src/app/check-exercise.js";
import { createRunner } from "../../src/runners/create-runner.js";
import type { Runner } from "../../src/runners/runner.js";

const SAMPLE = path.resolve(import.meta.dirname, "../../content/sample/temperature");
// Names one of the three functions the tests import: the import fails.
const PARTIAL_STARTER = "def classify(celsius):\n    pass\n";
const IMPORT_LINE = "from temperature import celsius_to_fahrenheit, classify, fahrenheit_to_celsius\n";
// As Exercism's concept exercises do: the tests turn a failed import into their own message.
const GUARDED_IMPORT = [
  "try:",
  "    " + IMPORT_LINE.trimEnd(),
  "except ImportError as missing:",
  "    raise ImportWarning(f'temperature.py is missing a name: {missing}') from None",
  "",
].join("\n");

function copy(options: { plain: boolean; starter: string; guarded?: boolean }): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "pydojo-starter-")), "temperature");
  cpSync(SAMPLE, dir, { recursive: true });
  if (options.plain) {
    rmSync(path.join(dir, ".meta/pydojo.json"));
    rmSync(path.join(dir, ".meta/mistakes"), { recursive: true });
    rmSync(path.join(dir, ".meta/alternative_table.py"));
  }
  writeFileSync(path.join(dir, "temperature.py"), options.starter);
  const tests = path.join(dir, "temperature_test.py");
  const source = readFileSync(tests, "utf8");
  expect(source).toContain(IMPORT_LINE);
  if (options.guarded !== false) writeFileSync(tests, source.replace(IMPORT_LINE, GUARDED_IMPORT));
  return dir;
}

describe("a starter that does not load, in the content check", () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await createRunner("sandbox");
  });
  afterAll(async () => {
    await runner?.close();
  });

  it("fails a course's exercise", async () => {
    const outcome = await checkExercise(copy({ plain: false, starter: PARTIAL_STARTER }), runner);
    expect(outcome.status).toBe("fail");
    expect(outcome.problems).toContainEqual(
      expect.stringMatching(/^starter does not load: .*ImportWarning: temperature.py is missing a name: .*celsius_to_fahrenheit/),
    );
  }, 60_000);

  it("fails a course's exercise whose tests import a name the starter lacks (no test runs)", async () => {
    const outcome = await checkExercise(
      copy({ plain: false, starter: PARTIAL_STARTER, guarded: false }),
      runner,
    );
    expect(outcome.stub?.tests).toEqual([]);
    expect(outcome.status).toBe("fail");
    expect(outcome.problems).toContainEqual(expect.stringMatching(/^starter does not load: /));
  }, 60_000);

  it("passes a plain Exercism folder with a warning", async () => {
    const outcome = await checkExercise(copy({ plain: true, starter: PARTIAL_STARTER }), runner);
    expect(outcome.problems).toEqual([]);
    expect(outcome.status).toBe("pass");
    expect(outcome.warnings).toContainEqual(
      expect.stringMatching(/^starter does not load: .*ImportWarning: temperature.py is missing a name: .*celsius_to_fahrenheit/),
    );
  }, 60_000);

  it("warns of a schema.sql that files.test does not list (the db fixture would not run it)", async () => {
    const dir = copy({ plain: false, starter: "def classify(celsius):\n    pass\n" });
    writeFileSync(path.join(dir, "schema.sql"), "CREATE TABLE t (x);\n");
    const outcome = await checkExercise(dir, runner);
    expect(outcome.warnings).toContainEqual(
      expect.stringMatching(/^schema\.sql is not listed in \.meta\/config\.json files\.test/),
    );
  }, 60_000);

  it("fails a plain Exercism folder whose starter is not Python", async () => {
    const outcome = await checkExercise(copy({ plain: true, starter: "def classify(:\n" }), runner);
    expect(outcome.status).toBe("fail");
    expect(outcome.problems).toContainEqual(expect.stringMatching(/^starter does not load: .*SyntaxError/));
  }, 60_000);
});
