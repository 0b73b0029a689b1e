/**
 * The project check with a real runner: a stage this runtime skips is no problem of the
 * project's (the content check needs `problems` empty on a pass), and a project whose every
 * stage is skipped is skipped.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner } from "../runners/create-runner.js";
import type { Runner } from "../runners/runner.js";
import { checkProject } from "./check-project.js";

const TALLY = path.resolve(
  import.meta.dirname,
  "../../test/fixtures/project-content/courses/studio/01-basics/projects/tally",
);

/** A copy of the tally fixture whose stages run only where `runtimes` says. */
function tallyOn(runtimes: (string[] | undefined)[]): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "pydojo-check-project-")), "tally");
  cpSync(TALLY, dir, { recursive: true });
  const file = path.join(dir, "project.json");
  const meta = JSON.parse(readFileSync(file, "utf8"));
  meta.stages.forEach((stage: { runtimes?: string[] }, i: number) => {
    if (runtimes[i]) stage.runtimes = runtimes[i];
  });
  writeFileSync(file, JSON.stringify(meta));
  return dir;
}

describe("checkProject on pyodide", () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await createRunner("pyodide");
  });
  afterAll(async () => {
    await runner?.close();
  });

  it("passes with no problems when a later stage runs on CPython only", async () => {
    const outcome = await checkProject(tallyOn([undefined, ["cpython"]]), runner);
    expect(outcome.status).toBe("pass");
    expect(outcome.problems).toEqual([]);
    expect(outcome.stages.map((s) => s.status)).toEqual(["pass", "skip"]);
  }, 120_000);

  it("is skipped when no stage runs here", async () => {
    const outcome = await checkProject(tallyOn([["cpython"], ["cpython"]]), runner);
    expect(outcome.status).toBe("skip");
    expect(outcome.problems).toEqual(["does not run on pyodide"]);
  }, 120_000);
});
