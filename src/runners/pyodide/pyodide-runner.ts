/**
 * The `pyodide` runner: grades a job with the Python harness running inside Pyodide (Python
 * 3.14, WebAssembly) in a Node `worker_threads` Worker. Its purpose is to check exercise content
 * against the Python the browser runs.
 *
 * NOT FOR UNTRUSTED CODE. Pyodide under Node is no sandbox: learner code can reach `js`,
 * `process`, the host's files, child_process and the network (docs: RUNTIME-FACTS.md). The
 * verdict is advisory too (isolation "in-process": learner code shares the interpreter with the
 * tests). Use the sandbox runner for submissions.
 *
 * Design
 * - One worker = one interpreter = one grade. Every grade gets a fresh worker restored from a
 *   memory snapshot, so nothing leaks between submissions: not Python state (patched builtins,
 *   sys.modules, os.environ), not files (MEMFS lives in the worker), not JS globals reachable
 *   through `js`. The used worker is terminated.
 * - The snapshot is made once per runner by a "maker" worker: cold `loadPyodide` with the private
 *   `_makeSnapshot` option, import the stdlib modules and the harness's top-level modules, then
 *   `makeMemorySnapshot()`. Grading workers start with `_loadSnapshot`; the harness files are
 *   written again (a snapshot holds memory, not files). If making the snapshot fails, workers
 *   cold-start (slow but correct). The snapshot sits in a SharedArrayBuffer, so starting a worker
 *   does not copy it, and pyodide.asm.wasm is compiled once in the host and shared with every
 *   worker (V8 then shares the optimized code too: worker loads went from ~0.55 s to ~0.25 s).
 * - `prewarm` spare workers (default 1) are loading or ready: when a grade takes one, the next
 *   starts loading right after the grade is dispatched, so sequential grades do not wait.
 * - Limits: wall clock (the interrupt buffer is set at the deadline minus 10% (0.1-1 s), then
 *   `worker.terminate()` at the deadline; the tests that finished are kept, streamed from the
 *   worker one by one), memory (wasm heap cap in the worker), output, file size (MEMFS write
 *   caps), crash (a Pyodide fatal error). Each ends in a result naming the limit; the host process
 *   survives.
 * - The worker is a compiled JS file. From `dist/` it sits next to this file; when this module
 *   runs from TypeScript sources (vitest), `dist/runners/pyodide/pyodide-worker.js` is used, and
 *   refused with a clear error if it is missing or older than its sources (run `npm run build`).
 *
 * Measured here (2-core VM, Node 20.20, pyodide 314.0.7, 10-test unittest job, medians):
 *   cold loadPyodide in a worker ...................... 2.3-2.6 s (the maker pays it once)
 *   + pre-imports and makeMemorySnapshot .............. ~0.25 s + ~20 ms; the snapshot is 31 MB
 *   worker restored from the snapshot, until ready .... ~0.2 s (0.19-0.25; was ~0.35-0.55 s
 *                                                       before sharing the compiled wasm)
 *   grade in a ready worker (files, harness, tests) ... 10-30 ms; grade() total 15-45 ms
 *   sequential grades, a spare ready (pause >= 0.3 s) . wait for a worker ~0 ms
 *   back-to-back grades, prewarm 1 / 2 ................ ~300 / ~185 ms per grade (load-bound)
 *   timeout: terminate ~15 ms after the deadline; interrupt → result in a few ms
 * Options considered for a fresh interpreter per grade: (a) a fresh loadPyodide in a pooled
 * worker: ~2.3 s, and the worker's JS globals survive; (b) a snapshot restore in a pooled worker:
 * ~0.15-0.2 s, but JS state reachable from Python (`js`, the FS object) survives; (c, chosen) a
 * new worker restored from the snapshot: ~0.2 s, hidden by pre-warming, and nothing survives.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { z } from "zod";
import {
  gradeResultSchema,
  testResultSchema,
  type GradeResult,
  type LimitName,
  type TestResult,
} from "../../core/result.js";
import { harnessDir as defaultHarnessDir, packageRoot } from "../paths.js";
import {
  harnessTests,
  RunnerUnavailableError,
  type GradeJob,
  type Limits,
  type Runner,
} from "../runner.js";
import {
  createInterruptBuffer,
  parseFromWorker,
  requestInterrupt,
  type FromWorkerMessage,
  type GradeStats,
  type ToWorkerMessage,
  type WorkerFile,
} from "./protocol.js";
import { HARNESS_ROOT, harnessModules, PRE_IMPORTS, readHarness } from "./harness-files.js";
import { wasmApi, type WasmModule } from "./wasm.js";

export interface PyodideRunnerOptions {
  /** The folder holding the `pydojo_harness` package (like `harnessDir()` in ../paths.ts).
   * Default: the package's `harness/`. */
  harnessDir?: string;
  /** Pyodide's files (pyodide.mjs, .wasm, stdlib zip). Default: the installed npm package. */
  indexURL?: string;
  /** Ready interpreters kept in reserve. Default 1. */
  prewarm?: number;
  /** Grades run at once; more wait in line. Default: the number of CPUs. */
  maxConcurrent?: number;
  /** Start workers from a memory snapshot (fast). Default true; false cold-starts each one. */
  useSnapshot?: boolean;
}

/** Paths inside Pyodide's file system. */
const SOLUTION_DIR = "/work/solution";
const WORK_DIR = "/work/scratch";
/** V8 old-generation cap for each worker (Pyodide itself needs far less). */
const JS_HEAP_MB = 512;
/** After the interrupt, how often to repeat it (learner code may swallow one). */
const INTERRUPT_REPEAT_MS = 100;

interface Setup {
  script: URL;
  indexURL: string;
  harnessFiles: WorkerFile[];
  warmImports: string[];
}

interface WorkerBase {
  /** The memory snapshot, in shared memory when possible (null: cold starts). */
  snapshot: Uint8Array | null;
  /** pyodide.asm.wasm compiled once and shared with every worker (null: each compiles it). */
  wasmModule: WasmModule | null;
}

type InitFields = Omit<Extract<ToWorkerMessage, { type: "init" }>, "interruptBuffer">;

/** The snapshot in a SharedArrayBuffer, so starting a worker does not copy 30 MB. */
function shareBytes(bytes: Uint8Array): Uint8Array {
  if (typeof SharedArrayBuffer === "undefined") return bytes;
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}

interface ReadyInfo {
  loadMs: number;
  python: string;
}

/** Timings of the last operations, for benchmarks and the report. */
export interface PyodideRunnerTimings {
  /** Cold load + pre-imports + snapshot, ms (null until made, or when disabled/failed). */
  snapshotMs: number | null;
  /** Why the snapshot could not be made, if it could not. */
  snapshotError: string | null;
  /** Time the last grading worker took to become ready (snapshot restore or cold load), ms. */
  lastLoadMs: number | null;
  /** Time the last grade waited for a ready worker, ms. */
  lastWaitMs: number | null;
  /** Worker-measured time of the last grade (files, harness, tests), ms. */
  lastGradeMs: number | null;
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** The compiled worker script (see the module comment). */
function workerScript(): URL {
  const beside = join(HERE, "pyodide-worker.js");
  if (existsSync(beside)) return pathToFileURL(beside);
  const root = packageRoot();
  const compiledDir = join(root, "dist", "runners", "pyodide");
  const compiled = join(compiledDir, "pyodide-worker.js");
  if (!existsSync(compiled)) {
    throw new RunnerUnavailableError(
      "pyodide",
      `the compiled Pyodide worker ${compiled} is missing: run \`npm run build\``,
    );
  }
  for (const name of ["pyodide-worker", "protocol", "wasm"]) {
    const source = join(HERE, `${name}.ts`);
    const output = join(compiledDir, `${name}.js`);
    if (
      existsSync(source) &&
      (!existsSync(output) || statSync(source).mtimeMs > statSync(output).mtimeMs)
    ) {
      throw new RunnerUnavailableError(
        "pyodide",
        `${output} is older than ${source}: run \`npm run build\` so the Pyodide worker matches its sources`,
      );
    }
  }
  return pathToFileURL(compiled);
}

function defaultIndexURL(): string {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve("pyodide/package.json");
  } catch (error) {
    throw new RunnerUnavailableError(
      "pyodide",
      `the pyodide npm package cannot be found (${error instanceof Error ? error.message : String(error)}): run \`npm install\``,
    );
  }
  return dirname(packageJson) + sep;
}

/** 1048576 → "1 MB", 2048 → "2 KB" (the harness's wording). */
function humanBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} bytes`;
}

/** The harness job (docs/harness-protocol.md) for an in-process run. */
export function buildJobJson(job: GradeJob): string {
  const l = job.limits;
  return JSON.stringify({
    mode: "inproc",
    tests: harnessTests(job.tests),
    ...(job.seed === undefined ? {} : { seed: job.seed }),
    ...(job.learnerNamedModules ? { learner_named_modules: true } : {}),
    solution_dir: SOLUTION_DIR,
    solution_modules: job.solutionModules,
    work_dir: WORK_DIR,
    limits: {
      test_timeout_s: l.testTimeoutSeconds,
      memory_bytes: Math.round(l.memoryMb * 1024 * 1024),
      output_bytes: Math.round(l.outputKb * 1024),
      processes: l.processes,
      file_size_bytes: Math.round(l.fileSizeMb * 1024 * 1024),
      open_files: l.openFiles,
    },
  });
}

/** One worker with one interpreter, used for at most one grade. */
class PyodideWorker {
  readonly worker: Worker;
  readonly interrupt: SharedArrayBuffer | null = createInterruptBuffer();
  readonly ready: Promise<ReadyInfo>;
  /** Set once the worker is ready. */
  info: ReadyInfo | null = null;
  /** Set when the worker has exited (crash, terminate). */
  exited = false;
  exitCode: number | null = null;
  private handler: ((message: FromWorkerMessage) => void) | null = null;
  private exitHandler: ((why: string) => void) | null = null;
  private terminating: Promise<number> | null = null;

  constructor(script: URL, init: InitFields) {
    // The JS heap cap protects the host from JS-side allocations (Python reaches JS through
    // `js`); wasm memory is capped in the worker. Going over ends the worker, not the process.
    this.worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: JS_HEAP_MB } });
    this.ready = new Promise<ReadyInfo>((resolve, reject) => {
      this.handler = (message) => {
        if (message.type === "ready") {
          this.info = { loadMs: message.loadMs, python: message.python };
          resolve(this.info);
        } else if (message.type === "error") reject(new Error(message.message));
      };
      this.exitHandler = (why) => reject(new Error(why));
    });
    this.ready.catch(() => undefined); // observed by whoever awaits it
    this.worker.on("message", (data: unknown) => {
      let message: FromWorkerMessage;
      try {
        message = parseFromWorker(data);
      } catch (error) {
        const kind =
          typeof data === "object" && data !== null ? (data as { type?: unknown }).type : null;
        if (kind === "progress" || kind === "test-started" || kind === "test-finished") return; // informational
        message = {
          type: "error",
          id: null,
          code: "protocol",
          message: `invalid message from the worker: ${String(error)}`,
          stats: null,
        };
      }
      this.handler?.(message);
    });
    this.worker.on("error", (error: Error) => {
      this.exitHandler?.(`the Pyodide worker failed: ${error.message}`);
    });
    this.worker.on("exit", (code: number) => {
      this.exited = true;
      this.exitCode = code;
      this.exitHandler?.(`the Pyodide worker exited (code ${code})`);
    });
    this.worker.postMessage({ ...init, interruptBuffer: this.interrupt } satisfies ToWorkerMessage);
  }

  /** Routes the worker's messages and exit to a grade (replacing the loading handlers). */
  attach(onMessage: (message: FromWorkerMessage) => void, onExit: (why: string) => void): void {
    this.handler = onMessage;
    this.exitHandler = onExit;
  }

  send(message: ToWorkerMessage): void {
    this.worker.postMessage(message);
  }

  ref(): void {
    this.worker.ref();
  }

  unref(): void {
    this.worker.unref();
  }

  terminate(): Promise<number> {
    this.handler = null;
    this.exitHandler = null;
    this.terminating ??= this.worker.terminate();
    return this.terminating;
  }
}

/** A record for a test cut off by the runner (its worker was stopped while it ran). */
function cutOffTest(
  running: { name: string; testCode: string; taskId: number | null; startedAt: number },
  limit: LimitName,
  message: string,
): TestResult {
  return {
    name: running.name,
    status: "error",
    message,
    output: null,
    test_code: running.testCode,
    task_id: running.taskId,
    duration_ms: Math.max(0, performance.now() - running.startedAt),
    limit,
    expected: null,
    actual: null,
    learner_line: null,
  };
}

function prefixMessage(note: string, message: string | null): string {
  return message ? `${note}\n\n${message}` : note;
}

export class PyodideRunner implements Runner {
  readonly name = "pyodide" as const;
  readonly isolation = "in-process" as const;

  private readonly options: Required<Omit<PyodideRunnerOptions, "harnessDir" | "indexURL">> & {
    harnessDir: string | undefined;
    indexURL: string | undefined;
  };
  private setup: Setup | null = null;
  /** What every grading worker starts from, made once: the snapshot and the compiled wasm. */
  private base: Promise<WorkerBase> | null = null;
  private snapshotMaker: PyodideWorker | null = null;
  private readonly spareWorkers: PyodideWorker[] = [];
  private readonly busy = new Set<PyodideWorker>();
  private readonly terminations = new Set<Promise<number>>();
  private readonly waiting: (() => void)[] = [];
  /** Ends each grade in progress (used by close()). */
  private readonly active = new Set<(error: Error) => void>();
  private running = 0;
  private closed = false;
  private readonly stats: PyodideRunnerTimings = {
    snapshotMs: null,
    snapshotError: null,
    lastLoadMs: null,
    lastWaitMs: null,
    lastGradeMs: null,
  };

  constructor(options: PyodideRunnerOptions = {}) {
    this.options = {
      harnessDir: options.harnessDir,
      indexURL: options.indexURL,
      prewarm: Math.max(0, options.prewarm ?? 1),
      maxConcurrent: Math.max(1, options.maxConcurrent ?? availableParallelism()),
      useSnapshot: options.useSnapshot ?? true,
    };
  }

  timings(): PyodideRunnerTimings {
    return { ...this.stats };
  }

  /** Spare interpreters: how many are still loading and how many are ready for a grade. */
  spares(): { loading: number; ready: number } {
    const ready = this.spareWorkers.filter((w) => w.info !== null && !w.exited).length;
    return { loading: this.spareWorkers.length - ready, ready };
  }

  /** Starts loading (the snapshot and the spare interpreters) before the first grade. */
  async warmUp(): Promise<void> {
    if (this.closed) throw new Error("the pyodide runner is closed");
    const base = await this.workerBase();
    this.topUp(base);
    const loading = [...this.spareWorkers];
    for (const w of loading) w.ref(); // keep the process alive while someone waits for them
    await Promise.allSettled(loading.map((w) => w.ready));
    for (const w of loading) if (!this.busy.has(w)) w.unref();
  }

  async grade(job: GradeJob, options: { signal?: AbortSignal } = {}): Promise<GradeResult> {
    if (this.closed) throw new Error("the pyodide runner is closed");
    const signal = options.signal;
    signal?.throwIfAborted();
    await untilAborted(this.slot(), signal, () => this.release());
    try {
      const waitStart = performance.now();
      const { worker, base } = await untilAborted(this.acquire(), signal, (late) =>
        this.retire(late.worker),
      );
      this.stats.lastWaitMs = performance.now() - waitStart;
      const result = this.run(worker, job, signal);
      // Start the next interpreter while this grade runs.
      setImmediate(() => {
        if (!this.closed) this.topUp(base);
      });
      return await result;
    } finally {
      this.release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.spareWorkers, ...this.busy];
    if (this.snapshotMaker) all.push(this.snapshotMaker);
    this.spareWorkers.length = 0;
    for (const stop of [...this.active]) stop(new Error("the pyodide runner was closed"));
    for (const worker of all) this.retire(worker);
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all([...this.terminations]);
  }

  private async slot(): Promise<void> {
    while (this.running >= this.options.maxConcurrent) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.closed) throw new Error("the pyodide runner is closed");
    }
    this.running += 1;
  }

  private release(): void {
    this.running -= 1;
    this.waiting.shift()?.();
  }

  private retire(worker: PyodideWorker): void {
    this.busy.delete(worker);
    const at = this.spareWorkers.indexOf(worker);
    if (at >= 0) this.spareWorkers.splice(at, 1);
    const done = worker.terminate();
    this.terminations.add(done);
    void done.finally(() => this.terminations.delete(done));
  }

  private ensureSetup(): Setup {
    if (this.setup) return this.setup;
    const indexURL = this.options.indexURL ?? defaultIndexURL();
    for (const file of [
      "pyodide.mjs",
      "pyodide.asm.mjs",
      "pyodide.asm.wasm",
      "python_stdlib.zip",
    ]) {
      if (!existsSync(join(indexURL, file))) {
        throw new RunnerUnavailableError(
          "pyodide",
          `Pyodide is incomplete: ${join(indexURL, file)} is missing`,
        );
      }
    }
    const harnessFiles = readHarness(this.options.harnessDir ?? defaultHarnessDir());
    this.setup = {
      script: workerScript(),
      indexURL,
      harnessFiles,
      warmImports: harnessModules(harnessFiles),
    };
    return this.setup;
  }

  private initMessage(base: WorkerBase, makeSnapshot: boolean): InitFields {
    const setup = this.ensureSetup();
    return {
      type: "init",
      indexURL: setup.indexURL,
      snapshot: makeSnapshot ? null : base.snapshot,
      wasmModule: base.wasmModule,
      makeSnapshot,
      preImports: PRE_IMPORTS,
      harnessFiles: setup.harnessFiles,
      harnessRoot: HARNESS_ROOT,
      warmImports: setup.warmImports,
    };
  }

  /** Compiles the wasm and makes the snapshot, once (each falls back to null on failure). */
  private workerBase(): Promise<WorkerBase> {
    if (this.base) return this.base;
    const setup = this.ensureSetup();
    this.base = (async (): Promise<WorkerBase> => {
      let wasmModule: WasmModule | null = null;
      try {
        wasmModule =
          (await wasmApi()?.compile(readFileSync(join(setup.indexURL, "pyodide.asm.wasm")))) ??
          null;
      } catch {
        wasmModule = null; // each worker compiles it then
      }
      if (!this.options.useSnapshot || this.closed) return { snapshot: null, wasmModule };
      return { snapshot: await this.makeSnapshot({ snapshot: null, wasmModule }), wasmModule };
    })();
    return this.base;
  }

  private makeSnapshot(base: WorkerBase): Promise<Uint8Array | null> {
    const maker = new PyodideWorker(this.ensureSetup().script, this.initMessage(base, true));
    this.snapshotMaker = maker;
    return new Promise<Uint8Array | null>((resolve) => {
      const done = (snapshot: Uint8Array | null, error: string | null): void => {
        this.stats.snapshotError = error;
        this.snapshotMaker = null;
        this.retire(maker);
        resolve(snapshot);
      };
      maker.attach(
        (message) => {
          if (message.type === "snapshot") {
            this.stats.snapshotMs = message.loadMs;
            done(shareBytes(message.snapshot), null);
          } else if (message.type === "error") {
            done(null, message.message);
          }
        },
        (why) => done(null, why),
      );
    });
  }

  private spawn(base: WorkerBase): PyodideWorker {
    const worker = new PyodideWorker(this.ensureSetup().script, this.initMessage(base, false));
    worker.unref();
    worker.ready.then(
      (info) => (this.stats.lastLoadMs = info.loadMs),
      () => undefined,
    );
    return worker;
  }

  /** Keeps `prewarm` spare interpreters loading or ready. */
  private topUp(base: WorkerBase): void {
    while (this.spareWorkers.length < this.options.prewarm)
      this.spareWorkers.push(this.spawn(base));
  }

  /** A ready worker for one grade. */
  private async acquire(): Promise<{ worker: PyodideWorker; base: WorkerBase }> {
    const base = await this.workerBase();
    for (;;) {
      if (this.closed) throw new Error("the pyodide runner is closed");
      const worker = this.spareWorkers.shift() ?? this.spawn(base);
      this.busy.add(worker);
      worker.ref();
      try {
        await worker.ready;
      } catch (error) {
        this.retire(worker);
        if (this.closed) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        const detail = this.stats.snapshotError
          ? ` (the memory snapshot failed too: ${this.stats.snapshotError})`
          : "";
        throw new RunnerUnavailableError("pyodide", `Pyodide could not start: ${reason}${detail}`);
      }
      if (this.closed) {
        this.retire(worker);
        throw new Error("the pyodide runner is closed");
      }
      if (!worker.exited) return { worker, base };
      this.retire(worker); // died while idle: take the next one
    }
  }

  private run(
    worker: PyodideWorker,
    job: GradeJob,
    signal: AbortSignal | undefined,
  ): Promise<GradeResult> {
    const id = randomUUID();
    const limits: Limits = job.limits;
    const timeoutMs = limits.timeoutSeconds * 1000;
    const graceMs = Math.min(1000, Math.max(100, timeoutMs * 0.1));
    const memoryBytes = Math.round(limits.memoryMb * 1024 * 1024);
    const fileSizeBytes = Math.round(limits.fileSizeMb * 1024 * 1024);
    const finished: TestResult[] = [];
    let current: {
      name: string;
      testCode: string;
      taskId: number | null;
      startedAt: number;
    } | null = null;
    let interrupted = false;
    let settled = false;
    let testTimer: ReturnType<typeof setTimeout> | undefined;
    const started = performance.now();
    const timers: ReturnType<typeof setTimeout>[] = [];

    return new Promise<GradeResult>((resolve, reject) => {
      const base = (): Pick<
        GradeResult,
        "version" | "runner" | "isolation" | "python" | "duration_ms"
      > => ({
        version: 3,
        runner: "pyodide",
        isolation: "in-process",
        python: worker.info?.python ?? null,
        duration_ms: performance.now() - started,
      });
      const finish = (result: GradeResult | Error): void => {
        if (settled) return;
        settled = true;
        this.active.delete(finish);
        for (const t of timers) clearTimeout(t);
        signal?.removeEventListener("abort", onAbort);
        this.retire(worker);
        if (result instanceof Error) return reject(result);
        const checked = gradeResultSchema.safeParse(result);
        if (checked.success) resolve(checked.data);
        else
          reject(
            new Error(
              `the pyodide runner made an invalid result: ${z.prettifyError(checked.error)}`,
            ),
          );
      };
      /** A result the runner makes itself: the run was stopped (limit) or broke. */
      const stopped = (
        limit: LimitName | null,
        message: string,
        cutOff: string = message,
      ): GradeResult => {
        const tests = [...finished];
        if (current && limit) tests.push(cutOffTest(current, limit, cutOff));
        return { ...base(), status: "error", message, limit, tests };
      };
      const timeoutMessage = `timeout after ${limits.timeoutSeconds} s`;
      const memoryMessage = `memory limit ${limits.memoryMb} MB exceeded`;

      const onAbort = (): void => finish(signal ? abortReason(signal) : new Error("grade aborted"));
      signal?.addEventListener("abort", onAbort, { once: true });
      this.active.add(finish);
      if (signal?.aborted) return onAbort();

      const onFailure = (code: string, message: string, stats: GradeStats | null): void => {
        if (code === "fatal" || code === "exit" || worker.exited) {
          const cause = code === "fatal" ? `Pyodide fatal error: ${message}` : message;
          if (code === "exit" && /reaching memory limit/.test(message)) {
            const note = `memory limit exceeded: the worker's JavaScript heap passed ${JS_HEAP_MB} MB`;
            finish(stopped("memory", note));
          } else if (stats?.memoryLimitHit) {
            finish(
              stopped(
                "memory",
                `${memoryMessage} (the interpreter crashed: ${cause})`,
                memoryMessage,
              ),
            );
          } else {
            finish(
              stopped(
                "crash",
                `the Python interpreter crashed (${cause})`,
                "the Python interpreter crashed",
              ),
            );
          }
        } else if (interrupted) {
          finish(stopped("timeout", timeoutMessage));
        } else if (stats?.memoryLimitHit && /MemoryError/.test(message)) {
          finish(stopped("memory", memoryMessage));
        } else {
          const tail = message.length > 4000 ? "…" + message.slice(-4000) : message;
          finish(stopped(null, `the harness failed in Pyodide: ${tail}`));
        }
      };

      worker.attach(
        (message) => {
          if ("id" in message && message.id !== null && message.id !== id) return;
          switch (message.type) {
            case "test-started":
              // Per-test time limit: interrupt this test (a KeyboardInterrupt the harness
              // reports as a timeout) and let the next tests run.
              clearTimeout(testTimer);
              testTimer = setTimeout(() => {
                if (worker.interrupt) requestInterrupt(worker.interrupt, message.seq);
              }, limits.testTimeoutSeconds * 1000);
              timers.push(testTimer);
              current = {
                name: message.name,
                testCode: message.testCode,
                taskId: message.taskId,
                startedAt: performance.now(),
              };
              break;
            case "test-finished": {
              clearTimeout(testTimer);
              const records = z.array(testResultSchema).safeParse(safeJson(message.recordsJson));
              if (records.success) finished.push(...records.data);
              current = null;
              break;
            }
            case "result":
              this.stats.lastGradeMs = message.gradeMs;
              finish(this.convert(message.resultJson, message.stats, limits, interrupted, base()));
              break;
            case "error":
              onFailure(message.code, message.message, message.stats);
              break;
            default:
              break;
          }
        },
        (why) => onFailure("exit", why, null),
      );

      timers.push(
        setTimeout(() => {
          const buffer = worker.interrupt;
          if (!buffer) return;
          interrupted = true;
          requestInterrupt(buffer);
          timers.push(setInterval(() => requestInterrupt(buffer), INTERRUPT_REPEAT_MS));
        }, timeoutMs - graceMs),
        setTimeout(() => finish(stopped("timeout", timeoutMessage)), timeoutMs),
      );

      worker.send({
        type: "grade",
        id,
        jobJson: buildJobJson(job),
        solution: job.solution.map((f) => ({ path: f.path, content: f.content })),
        limits: {
          memoryBytes,
          outputBytes: Math.round(limits.outputKb * 1024),
          fileSizeBytes,
          diskBytes: Math.max(fileSizeBytes, memoryBytes),
        },
      });
    });
  }

  /** The harness's result plus the runner's fields, with the worker's limits named. */
  private convert(
    resultJson: string,
    stats: GradeStats,
    limits: Limits,
    interrupted: boolean,
    base: Pick<GradeResult, "version" | "runner" | "isolation" | "python" | "duration_ms">,
  ): GradeResult {
    const raw = safeJson(resultJson);
    const parsed = gradeResultSchema.safeParse(
      typeof raw === "object" && raw !== null
        ? { ...raw, ...base, python: (raw as { python?: unknown }).python ?? base.python }
        : raw,
    );
    if (!parsed.success) {
      return {
        ...base,
        status: "error",
        message: `the harness returned an invalid result: ${z.prettifyError(parsed.error)}`,
        limit: null,
        tests: [],
      };
    }
    const result = parsed.data;
    const mark = (limit: LimitName, note: string, pattern: RegExp): boolean => {
      let marked = false;
      for (const t of result.tests) {
        if (t.limit === null && t.status === "error" && t.message && pattern.test(t.message)) {
          t.limit = limit;
          t.message = prefixMessage(note, t.message);
          marked = true;
        }
      }
      if (
        result.status === "error" &&
        result.limit === null &&
        result.message &&
        pattern.test(result.message)
      ) {
        result.limit = limit;
        result.message = prefixMessage(note, result.message);
        marked = true;
      }
      return marked;
    };
    if (stats.memoryLimitHit)
      mark("memory", `memory limit ${limits.memoryMb} MB exceeded`, /MemoryError/);
    if (stats.fileLimitHit) {
      mark(
        "file-size",
        `file size limit ${limits.fileSizeMb} MB exceeded`,
        /File too large|No space left/,
      );
    }
    if (stats.outputTruncated && result.limit === null) {
      result.limit = "output";
      const note = `output truncated at ${humanBytes(Math.round(limits.outputKb * 1024))}`;
      result.message = result.message ? `${result.message}\n\n${note}` : note;
    }
    // The interrupt comes shortly before the deadline; it counts when it stopped something.
    const cut =
      result.tests.some((t) => t.limit === "timeout") ||
      (result.status === "error" && /KeyboardInterrupt|interrupted/.test(result.message ?? ""));
    if (interrupted && cut) {
      result.status = "error";
      result.limit = "timeout";
      result.message = `timeout after ${limits.timeoutSeconds} s`;
    }
    return result;
  }
}

/**
 * `promise`, or a rejection with the signal's reason as soon as it aborts; a value that arrives
 * after the abort is handed to `onLate` (to release it).
 */
function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  onLate: (value: T) => void,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) onLate(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error("grade aborted");
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
