/**
 * The one result contract every runner returns: a superset of Exercism's test-runner
 * results.json version 3, plus PyDojo fields (durations, limits, runner, Python version).
 */
import { z } from "zod";

/** Names of the limits a grade can hit; a result that hit one names it. */
export const LIMIT_NAMES = [
  "timeout",
  "memory",
  "output",
  "processes",
  "file-size",
  "crash",
] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

export const testStatusSchema = z.enum(["pass", "fail", "error", "skip"]);
export type TestStatus = z.infer<typeof testStatusSchema>;

/**
 * Where a measurement was taken: "judge" (counted by the tests' own values in the judge
 * process, which the learner's code cannot reach: may decide a verdict), "host" (measured in
 * the learner's process: deterministic, but that process could lie), "in-process" (one
 * interpreter: Pyodide and the browser). See docs/decisions/0007-performance-lab.md.
 */
export const measureSourceSchema = z.enum(["judge", "host", "in-process"]);

export const GROWTH_CLASSES = [
  "constant",
  "logarithmic",
  "linear",
  "n log n",
  "quadratic",
  "cubic",
  "exponential",
] as const;

/** What a test measured with `pydojo_harness.perf` (optional: runners that measure nothing omit it). */
export const performanceSchema = z.object({
  counts: z
    .array(
      z.object({
        label: z.string(),
        unit: z.string(),
        value: z.number().nonnegative(),
        calls: z.number().nonnegative().optional(),
        source: measureSourceSchema,
      }),
    )
    .max(100)
    .optional(),
  growth: z
    .array(
      z.object({
        label: z.string(),
        unit: z.string(),
        class: z.enum(GROWTH_CLASSES),
        source: measureSourceSchema,
        points: z
          .array(
            z.object({
              n: z.number().int().positive(),
              cost: z.number().nonnegative(),
              reference: z.number().nonnegative().optional(),
            }),
          )
          .max(64),
        reference_class: z.enum(GROWTH_CLASSES).optional(),
        ratio_to_reference: z.number().nonnegative().optional(),
      }),
    )
    .max(20)
    .optional(),
  memory: z
    .array(
      z.object({
        label: z.string(),
        peak_bytes: z.number().int().nonnegative(),
        reference_bytes: z.number().int().nonnegative().optional(),
        source: measureSourceSchema,
      }),
    )
    .max(20)
    .optional(),
  /** Wall-clock: informs, never decides a verdict. */
  profile: z
    .array(
      z.object({
        label: z.string(),
        total_calls: z.number().int().nonnegative(),
        total_ms: z.number().nonnegative(),
        rows: z
          .array(
            z.object({
              function: z.string(),
              file: z.string().nullable(),
              line: z.number().int().nullable(),
              mine: z.boolean(),
              calls: z.number().int().nonnegative(),
              own_ms: z.number().nonnegative(),
              total_ms: z.number().nonnegative(),
            }),
          )
          .max(50),
      }),
    )
    .max(10)
    .optional(),
  /** Wall-clock time the test spent measuring (its own overhead), in ms. */
  overhead_ms: z.number().nonnegative().optional(),
  /** Lines for the learner, e.g. "passes, and within 2x of the reference's cost (...)". */
  notes: z.array(z.string()).max(10).optional(),
});
export type Performance = z.infer<typeof performanceSchema>;

/** A reviewer comment from the harness's analyzers (Exercism's analyzer severities). */
export const reviewCommentSchema = z.object({
  id: z.string(),
  severity: z.enum(["essential", "actionable", "informative"]),
  message: z.string(),
  file: z.string().optional(),
  line: z.number().int().nullable(),
  /** A course lesson id that explains it, e.g. "python-backend/identity-and-equality". */
  lesson: z.string().optional(),
});
export type ReviewComment = z.infer<typeof reviewCommentSchema>;

/** One HTTP message of a transcript; bodies are text, cut at 2 KB (`body_bytes` is the full size,
 * null when the body passed the 1 MB bound). */
const httpHeadersSchema = z.array(z.tuple([z.string(), z.string()])).max(200);
export const httpExchangeSchema = z.object({
  request: z.object({
    method: z.string(),
    target: z.string(),
    headers: httpHeadersSchema,
    body: z.string(),
    body_bytes: z.number().int().nonnegative().nullable(),
  }),
  /** Null when the app raised or broke a rule of WSGI/ASGI before it answered (see `error`). */
  response: z
    .object({
      status: z.number().int(),
      reason: z.string(),
      headers: httpHeadersSchema,
      body: z.string(),
      body_bytes: z.number().int().nonnegative().nullable(),
    })
    .nullable(),
  error: z.string().optional(),
});
export type HttpExchange = z.infer<typeof httpExchangeSchema>;

/** A cell of a table shown after a test: numbers and null as they are, text and blobs cut. */
const cellSchema = z.union([z.number(), z.string(), z.null()]);

/**
 * The `db` fixture's database after a test, read by the judge's own connection: the first rows
 * of each table and the statements the learner's code ran. It informs; it never decides a verdict.
 */
export const databaseSnapshotSchema = z.object({
  tables: z
    .array(
      z.object({
        name: z.string(),
        columns: z.array(z.string()).max(16),
        rows: z.array(z.array(cellSchema).max(16)).max(20),
        row_count: z.number().int().nonnegative(),
        /** Set when the judge could not read the table (the rows are then empty). */
        error: z.string().optional(),
      }),
    )
    .max(12),
  tables_total: z.number().int().nonnegative(),
  queries: z
    .array(
      z.object({
        sql: z.string(),
        kind: z.string(),
        params: z.string().optional(),
        many: z.boolean().optional(),
      }),
    )
    .max(50),
  queries_total: z.number().int().nonnegative(),
});
export type DatabaseSnapshot = z.infer<typeof databaseSnapshotSchema>;

export const testResultSchema = z.object({
  name: z.string(),
  status: testStatusSchema,
  message: z.string().nullable(),
  output: z.string().nullable(),
  test_code: z.string(),
  task_id: z.number().int().nullable(),
  duration_ms: z.number().nonnegative(),
  limit: z.enum(LIMIT_NAMES).nullable(),
  /** For failed comparisons: both sides, so a UI can show a diff. */
  expected: z.string().nullable().optional(),
  actual: z.string().nullable().optional(),
  /** Line in the learner's file where an error was raised, when known. */
  learner_line: z.number().int().nullable().optional(),
  /** What the test measured (counted cost, growth, peak memory, profile); see performanceSchema. */
  performance: performanceSchema.optional(),
  /** The requests the test sent to the learner's HTTP app and the responses (a transcript). */
  http: z.array(httpExchangeSchema).max(51).optional(),
  /** The `db` fixture's tables after the test and its query log (never part of the verdict). */
  database: databaseSnapshotSchema.optional(),
  /**
   * A test of a hidden file (set by the judge): a learner sees only its name and status
   * (src/core/hidden-tests.ts).
   */
  hidden: z.boolean().optional(),
});
export type TestResult = z.infer<typeof testResultSchema>;

export const runnerNameSchema = z.enum(["sandbox", "local", "pyodide", "browser"]);
export type RunnerName = z.infer<typeof runnerNameSchema>;

export const gradeResultSchema = z.object({
  version: z.literal(3),
  status: z.enum(["pass", "fail", "error"]),
  message: z.string().nullable(),
  tests: z.array(testResultSchema),
  /** Set when the whole run was stopped by a limit (for example the wall-clock timeout). */
  limit: z.enum(LIMIT_NAMES).nullable(),
  runner: runnerNameSchema,
  python: z.string().nullable(),
  /** "isolated": learner code ran in its own process; "in-process": shared interpreter. */
  isolation: z.enum(["isolated", "in-process"]),
  duration_ms: z.number().nonnegative(),
  /**
   * What the learner's program printed outside any test (while the test files imported it,
   * during collection or teardown), bounded; never part of the verdict.
   */
  output: z.string().nullable().optional(),
  /** The seed `random` was seeded from before each test (project stages); reproduces inputs. */
  seed: z.number().int().nonnegative().optional(),
  /** Reviewer comments on the learner's source; never part of the verdict by themselves. */
  comments: z.array(reviewCommentSchema).max(50).optional(),
});
export type GradeResult = z.infer<typeof gradeResultSchema>;

/**
 * Top-level status from per-test statuses, as Exercism defines it; a grade in which no test ran
 * (none, or every one skipped) is an error, never a pass: nothing showed that the code works.
 */
export function overallStatus(
  tests: readonly Pick<TestResult, "status">[],
): "pass" | "fail" | "error" {
  if (tests.some((t) => t.status === "fail" || t.status === "error")) return "fail";
  if (tests.every((t) => t.status === "skip")) return "error";
  return "pass";
}

/** A result for a run in which no test could run (infrastructure or limit before tests). */
export function errorResult(
  message: string,
  fields: Pick<GradeResult, "runner" | "isolation"> & Partial<GradeResult>,
): GradeResult {
  return {
    version: 3,
    status: "error",
    message,
    tests: [],
    limit: null,
    python: null,
    duration_ms: 0,
    ...fields,
  };
}

/** Counts per status, for summaries. */
export function countStatuses(result: GradeResult): Record<TestStatus, number> {
  const counts: Record<TestStatus, number> = { pass: 0, fail: 0, error: 0, skip: 0 };
  for (const t of result.tests) counts[t.status] += 1;
  return counts;
}
