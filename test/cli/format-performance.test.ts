/**
 * The CLI's compact view of the performance lab: a growth table with a sparkline, counts, peak
 * memory, the profile's top rows, notes, and review comments (most important first); every
 * string from a result is cleaned. The last test grades a real sample in the sandbox.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatResult, makeStyle, sparkline } from "../../src/cli/format-result.js";
import { gradeResultSchema, type GradeResult } from "../../src/core/result.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

const result: GradeResult = gradeResultSchema.parse({
  version: 3,
  status: "fail",
  message: null,
  limit: null,
  runner: "sandbox",
  python: "3.11.2",
  isolation: "isolated",
  duration_ms: 120,
  tests: [
    {
      name: "work grows linearly",
      status: "fail",
      message: "AssertionError: missing()'s cost grows like n²",
      output: null,
      test_code: "perf.assert_growth_at_most(result, 'linear')",
      task_id: null,
      duration_ms: 40,
      limit: null,
      performance: {
        growth: [
          {
            label: "missing()\u001b[2J",
            unit: "comparisons",
            class: "quadratic",
            source: "judge",
            points: [
              { n: 20, cost: 138, reference: 57 },
              { n: 40, cost: 555, reference: 115 },
              { n: 80, cost: 2210, reference: 230 },
              { n: 160, cost: 8820, reference: 460 },
            ],
            reference_class: "linear",
            ratio_to_reference: 19.17,
          },
        ],
      },
    },
    {
      name: "streams",
      status: "pass",
      message: null,
      output: null,
      test_code: "perf.peak_memory(read, path)",
      task_id: null,
      duration_ms: 10,
      limit: null,
      performance: {
        memory: [{ label: "read()", peak_bytes: 22630, reference_bytes: 22600, source: "host" }],
        counts: [{ label: "total()", unit: "line events", value: 1234, calls: 1, source: "host" }],
        profile: [
          {
            label: "report()",
            total_calls: 4001,
            total_ms: 127.6,
            rows: [
              {
                function: "customer_name",
                file: "report.py",
                line: 1,
                mine: true,
                calls: 2000,
                own_ms: 122.9,
                total_ms: 123,
              },
              {
                function: "dict.get",
                file: null,
                line: null,
                mine: false,
                calls: 2000,
                own_ms: 1,
                total_ms: 1,
              },
            ],
          },
        ],
        notes: ["passes, and within 2x of the reference's cost"],
      },
    },
  ],
  comments: [
    {
      id: "bare-except",
      severity: "actionable",
      message: "catch what you expect",
      file: "a.py",
      line: 9,
    },
    {
      id: "mutable-default",
      severity: "essential",
      message: "use None",
      file: "a.py",
      line: 3,
      lesson: "python-backend/functions-and-exceptions",
    },
  ],
});

describe("the CLI's performance view", () => {
  const text = formatResult("Counted Search", result, makeStyle(false));

  it("draws a sparkline scaled to the largest value", () => {
    expect(sparkline([138, 555, 2210, 8820])).toBe("▁▁▃█");
    expect(sparkline([0, 0])).toBe("▁▁");
  });

  it("shows the growth class, the series and the reference's", () => {
    expect(text).toContain("growth missing(): ~n² comparisons ▁▁▃█; reference n");
    expect(text).toMatch(/n\s+20\s+40\s+80\s+160/);
    expect(text).toMatch(/cost\s+138\s+555\s+2,210\s+8,820/);
    expect(text).toMatch(/ref\s+57\s+115\s+230\s+460/);
    expect(text).not.toContain("\u001b");
  });

  it("shows counts, memory, the profile and notes, on a passing test too", () => {
    expect(text).toContain("peak memory read(): 22.1 KB (reference 22.1 KB)");
    expect(text).toContain("counted total(): 1,234 line events");
    expect(text).toContain("profile report(): 4,001 calls, 127.6 ms (wall-clock, varies)");
    expect(text).toMatch(/122\.9 ms\s+2,000 calls {2}customer_name report\.py:1/);
    expect(text).toContain("passes, and within 2x of the reference's cost");
  });

  it("lists review comments, essential first", () => {
    const essential = text.indexOf("essential a.py, line 3 [mutable-default]");
    const actionable = text.indexOf("actionable a.py, line 9 [bare-except]");
    expect(essential).toBeGreaterThan(0);
    expect(actionable).toBeGreaterThan(essential);
    expect(text).toContain("lesson: python-backend/functions-and-exceptions");
  });

  it("prints a real grade's growth and comments (sandbox, counted-search sample)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-perf-"));
    const file = path.join(dir, "search.py");
    writeFileSync(
      file,
      "def missing(wanted, stock):\n    out = []\n    for p in wanted:\n        if p not in stock and p not in out:\n            out.append(p)\n    return out\n",
    );
    const out = execFileSync(
      process.execPath,
      [
        path.join(ROOT, "bin/pydojo.js"),
        "grade",
        path.join(ROOT, "content/sample/counted-search"),
        "--solution",
        file,
      ],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(out).toContain("growth missing(): ~n² == and hash() calls ▁▁▃█; reference n");
    expect(out).toMatch(/cost\s+138\s+555\s+2,210\s+8,820/);
    expect(out).toContain("[list-membership-in-loop]");
    expect(out).toContain("FAIL: 6 passed, 2 failed"); // the growth test and the timed big batches
  }, 60_000);
});
