/**
 * Messages between a grading host (Node's main thread, or a browser page) and a Pyodide worker
 * (a Node `worker_threads` Worker, or a browser Web Worker). Every message is validated on
 * receipt with the zod schemas below. This module uses only web-standard types (no Node
 * imports) so the browser's worker can share it.
 *
 * One worker hosts one interpreter and grades ONE job (a fresh interpreter per grade):
 *
 *   host → worker  init    (load Pyodide, from a memory snapshot when one is given)
 *   worker → host  progress*, then snapshot (when init.makeSnapshot) or ready (or error)
 *   host → worker  grade
 *   worker → host  test-started / test-finished per test, then result (or error)
 *
 * Stopping a run (the wall-clock limit, a per-test limit, the browser's Stop button) cannot be
 * a message: while Python runs, the worker's event loop is blocked and reads nothing. The host
 * writes {@link INTERRUPT_SIGINT} into the shared `interruptBuffer` it passed in `init` (Python
 * raises KeyboardInterrupt at the next bytecode check; the harness reports that test as
 * interrupted and moves on), and terminates the worker when that is not enough (learner code
 * can swallow KeyboardInterrupt; `time.sleep` and long C calls do not check it).
 * Without cross-origin isolation a browser has no SharedArrayBuffer: `interruptBuffer` is then
 * null and terminating the worker is the only stop.
 */
import { z } from "zod";
import { isWasmModule, type WasmModule } from "./wasm.js";

/** Value written into the interrupt buffer to raise KeyboardInterrupt (SIGINT). */
export const INTERRUPT_SIGINT = 2;

/** A file to place in the worker's file system. */
export const fileSchema = z.object({ path: z.string().min(1), content: z.string() });
export type WorkerFile = z.infer<typeof fileSchema>;

const sharedBufferSchema = z.custom<SharedArrayBuffer>(
  (value) => typeof SharedArrayBuffer !== "undefined" && value instanceof SharedArrayBuffer,
  "expected a SharedArrayBuffer",
);
const bytesSchema = z.custom<Uint8Array>(
  (value) => value instanceof Uint8Array,
  "expected a Uint8Array",
);
const wasmModuleSchema = z.custom<WasmModule>(isWasmModule, "expected a WebAssembly.Module");

export const initMessageSchema = z.object({
  type: z.literal("init"),
  /** Where pyodide.mjs, pyodide.asm.wasm and python_stdlib.zip live (a directory path in Node,
   * a URL in the browser), with a trailing slash. */
  indexURL: z.string().min(1),
  /** A memory snapshot to start from (fast), or null for a cold start. It may live in a
   * SharedArrayBuffer so that starting a worker does not copy it (fine in Node; a browser's
   * TextDecoder refuses shared memory, so pass a plain copy there). */
  snapshot: bytesSchema.nullable(),
  /** pyodide.asm.wasm compiled once by the host and shared: each worker then skips compiling,
   * and the optimized code is shared between workers. Null: the worker compiles it. */
  wasmModule: wasmModuleSchema.nullable(),
  /** Cold-start, import `preImports`, send back a `snapshot` message and do nothing else. */
  makeSnapshot: z.boolean(),
  /** Standard-library modules imported on a cold start (so they are in the snapshot). */
  preImports: z.array(z.string()),
  /** The harness package's files, relative to `harnessRoot` (e.g. "pydojo_harness/judge.py"). */
  harnessFiles: z.array(fileSchema),
  /** Directory the harness files are written under; it is put first on sys.path. */
  harnessRoot: z.string(),
  /** Harness modules imported before any learner code, best-effort (a failure is reported by
   * the grade). When making a snapshot they are in it; the files are written again on restore
   * because a snapshot holds memory, not files. */
  warmImports: z.array(z.string()),
  /** Int32 SharedArrayBuffer for Pyodide's interrupt buffer; null when unavailable. */
  interruptBuffer: sharedBufferSchema.nullable(),
});
export type InitMessage = z.infer<typeof initMessageSchema>;

export const gradeLimitsSchema = z.object({
  /** Cap on the wasm heap as a whole (the interpreter's own ~30 MB included). */
  memoryBytes: z.number().int().positive(),
  /** Output outside the harness's per-test capture (e.g. prints at import time). */
  outputBytes: z.number().int().nonnegative(),
  /** Largest file the learner's code may write (EFBIG beyond). */
  fileSizeBytes: z.number().int().positive(),
  /** Total bytes all files may grow by during the grade (ENOSPC beyond). */
  diskBytes: z.number().int().positive(),
});
export type GradeLimits = z.infer<typeof gradeLimitsSchema>;

export const gradeMessageSchema = z.object({
  type: z.literal("grade"),
  id: z.string(),
  /** The harness job (docs/harness-protocol.md), mode "inproc". */
  jobJson: z.string(),
  /** The learner's files, written under the job's `solution_dir`. */
  solution: z.array(fileSchema),
  limits: gradeLimitsSchema,
});
export type GradeMessage = z.infer<typeof gradeMessageSchema>;

export const toWorkerMessageSchema = z.discriminatedUnion("type", [
  initMessageSchema,
  gradeMessageSchema,
]);
export type ToWorkerMessage = z.infer<typeof toWorkerMessageSchema>;

export const PROGRESS_PHASES = [
  "loading",
  "restoring",
  "importing",
  "snapshot",
  "harness",
] as const;

export const progressMessageSchema = z.object({
  type: z.literal("progress"),
  phase: z.enum(PROGRESS_PHASES),
  /** Steps done and steps in all (a browser may report bytes instead). */
  loaded: z.number().nonnegative(),
  total: z.number().nonnegative(),
});

export const readyMessageSchema = z.object({
  type: z.literal("ready"),
  loadMs: z.number().nonnegative(),
  fromSnapshot: z.boolean(),
  python: z.string(),
});

export const snapshotMessageSchema = z.object({
  type: z.literal("snapshot"),
  snapshot: bytesSchema,
  loadMs: z.number().nonnegative(),
});

export const testStartedMessageSchema = z.object({
  type: z.literal("test-started"),
  id: z.string(),
  name: z.string(),
  /**
   * The test's number in this grade (1, 2, …). A per-test time limit names it in the interrupt
   * buffer's second slot, so an interrupt that arrives after that test ended stops nothing.
   */
  seq: z.number().int().positive(),
  /** The test's body and task, so a test cut off by a hard stop can still be reported. */
  testCode: z.string(),
  taskId: z.number().int().nullable(),
});

export const testFinishedMessageSchema = z.object({
  type: z.literal("test-finished"),
  id: z.string(),
  /** JSON array of the harness's test records for one test (subtests add records). */
  recordsJson: z.string(),
});

/** What the worker's own limits saw during a grade. */
export const gradeStatsSchema = z.object({
  /** The wasm heap cap refused to grow the heap at least once. */
  memoryLimitHit: z.boolean(),
  /** A write was refused because of the file-size or disk limit. */
  fileLimitHit: z.boolean(),
  /** Output outside the harness's capture went past `outputBytes` and was cut. */
  outputTruncated: z.boolean(),
  /** That output (stdout and stderr interleaved), at most `outputBytes` of it. */
  output: z.string(),
  /** Wasm heap size at the end, bytes. */
  heapBytes: z.number().nonnegative(),
});
export type GradeStats = z.infer<typeof gradeStatsSchema>;

export const resultMessageSchema = z.object({
  type: z.literal("result"),
  id: z.string(),
  /** The harness's result JSON, as returned by run_job_json. */
  resultJson: z.string(),
  gradeMs: z.number().nonnegative(),
  stats: gradeStatsSchema,
});

export const WORKER_ERROR_CODES = [
  /** Pyodide could not be loaded (missing files, bad snapshot). */
  "init-failed",
  /** Pyodide hit a fatal error (e.g. deep C recursion) and can no longer be used. */
  "fatal",
  /** The harness raised instead of returning a result. */
  "harness-error",
  /** A message that failed validation or came at the wrong time. */
  "protocol",
] as const;
export type WorkerErrorCode = (typeof WORKER_ERROR_CODES)[number];

export const errorMessageSchema = z.object({
  type: z.literal("error"),
  /** The grade's id, or null for errors outside a grade. */
  id: z.string().nullable(),
  code: z.enum(WORKER_ERROR_CODES),
  message: z.string(),
  /** Present when the error happened during a grade. */
  stats: gradeStatsSchema.nullable(),
});

export const fromWorkerMessageSchema = z.discriminatedUnion("type", [
  progressMessageSchema,
  readyMessageSchema,
  snapshotMessageSchema,
  testStartedMessageSchema,
  testFinishedMessageSchema,
  resultMessageSchema,
  errorMessageSchema,
]);
export type FromWorkerMessage = z.infer<typeof fromWorkerMessageSchema>;

/** Parses a message received by the worker; throws with the validation issues. */
export function parseToWorker(data: unknown): ToWorkerMessage {
  return toWorkerMessageSchema.parse(data);
}

/** Parses a message received from the worker; throws with the validation issues. */
export function parseFromWorker(data: unknown): FromWorkerMessage {
  return fromWorkerMessageSchema.parse(data);
}

/**
 * Creates the shared interrupt buffer, or null where SharedArrayBuffer is unavailable. Two
 * Int32 slots: [0] is Pyodide's (the signal to raise), [1] says whom the interrupt is for:
 * {@link WHOLE_RUN} for the grade's own time limit, or the `seq` of the one test it may stop.
 */
export function createInterruptBuffer(): SharedArrayBuffer | null {
  return typeof SharedArrayBuffer === "undefined" ? null : new SharedArrayBuffer(8);
}

/** The interrupt target of the grade's wall-clock limit: it stops whatever is running. */
export const WHOLE_RUN = 0;

/**
 * Asks the Python code running in the worker to stop (KeyboardInterrupt). With a test's `seq`,
 * only that test is stopped: the worker ignores the interrupt if that test has already ended
 * (the host's timer and the worker's "finished" message can cross on a loaded machine).
 */
export function requestInterrupt(buffer: SharedArrayBuffer, target: number = WHOLE_RUN): void {
  const slots = new Int32Array(buffer);
  if (slots.length > 1) Atomics.store(slots, 1, target);
  Atomics.store(slots, 0, INTERRUPT_SIGINT);
}

/** Whom the pending interrupt is for ({@link WHOLE_RUN} or a test's `seq`). */
export function interruptTarget(buffer: SharedArrayBuffer): number {
  const slots = new Int32Array(buffer);
  return slots.length > 1 ? Atomics.load(slots, 1) : WHOLE_RUN;
}

/** Clears a pending interrupt request. */
export function clearInterrupt(buffer: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(buffer), 0, 0);
}
