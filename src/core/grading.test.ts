import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../runners/runner.js";
import { effectiveLimits } from "./grading.js";
import type { PydojoMeta } from "./exercise.js";

describe("effectiveLimits", () => {
  it("gives a plain Exercism folder the whole grade's time for each test, as Exercism does", () => {
    const limits = effectiveLimits(null);
    expect(limits.timeoutSeconds).toBe(DEFAULT_LIMITS.timeoutSeconds);
    expect(limits.testTimeoutSeconds).toBe(DEFAULT_LIMITS.timeoutSeconds);
  });

  it("keeps the per-test default for a course exercise, and an author's own limits", () => {
    const meta = { limits: {} } as unknown as PydojoMeta;
    expect(effectiveLimits(meta).testTimeoutSeconds).toBe(DEFAULT_LIMITS.testTimeoutSeconds);
    const own = { limits: { timeoutSeconds: 30, testTimeoutSeconds: 2 } } as unknown as PydojoMeta;
    expect(effectiveLimits(own)).toMatchObject({ timeoutSeconds: 30, testTimeoutSeconds: 2 });
  });
});
