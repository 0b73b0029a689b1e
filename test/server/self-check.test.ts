/** A server proves it can grade before it takes submissions (src/server/self-check.ts). */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorResult, type GradeResult } from "../../src/core/result.js";
import { createRunner } from "../../src/runners/create-runner.js";
import type { Runner } from "../../src/runners/runner.js";
import { startServices } from "../../src/server/compose.js";
import { loadConfig } from "../../src/server/config.js";
import { checkGrading, GradingSelfCheckError } from "../../src/server/self-check.js";
import { packageRoot } from "../../src/runners/paths.js";

/** A runner that fails the way a sandbox that cannot read its harness did. */
function brokenRunner(): Runner & { closed: boolean } {
  return {
    name: "sandbox",
    closed: false,
    async grade(): Promise<GradeResult> {
      return errorResult(
        "the grader stopped without a result (exit 1):\nbwrap: Can't find source path /root/pydojo/harness: Permission denied",
        { runner: "sandbox", isolation: "isolated", limit: "crash" },
      );
    },
    async close() {
      this.closed = true;
    },
  };
}

function config(mode: "production" | "development") {
  return loadConfig(
    {
      NODE_ENV: mode,
      PYDOJO_SECRET: "x".repeat(48),
      PORT: "0",
      PYDOJO_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "pydojo-selfcheck-")),
    },
    {},
    packageRoot(),
  );
}

describe("start-up grading self-check", () => {
  afterEach(() => vi.restoreAllMocks());

  it("passes with the real sandbox", async () => {
    const runner = await createRunner("sandbox", { prestart: 0 });
    try {
      const result = await checkGrading(runner);
      expect(result.status).toBe("pass");
    } finally {
      await runner.close();
    }
  });

  it("says what failed and how to find out more, never 'submit again'", async () => {
    const error = await checkGrading(brokenRunner()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GradingSelfCheckError);
    expect((error as Error).message).toMatch(/Permission denied/);
    expect((error as Error).message).toMatch(/pydojo\.js grade content\/sample\/hello-world/);
    expect((error as Error).message).not.toMatch(/submit again/);
  });

  it("production refuses to start when it cannot grade", async () => {
    const runner = brokenRunner();
    await expect(startServices(config("production"), { runner })).rejects.toThrow(
      /cannot grade with the sandbox runner/,
    );
  });

  it("development starts, with a warning that cannot be missed", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const running = await startServices(config("development"), { runner: brokenRunner() });
    try {
      expect(running.url).toMatch(/^http:/);
      expect(warn.mock.calls.flat().join("\n")).toMatch(/WARNING: PyDojo cannot grade/);
    } finally {
      await running.close();
    }
  });
});
