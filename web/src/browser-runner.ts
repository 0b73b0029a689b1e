/**
 * Runs grading jobs in a Pyodide Web Worker. Stop: set the shared interrupt buffer (a
 * KeyboardInterrupt in Python), and terminate the worker if the program ignores it; a time limit
 * does the same on its own.
 */
import type { ApiExercise } from "../../src/client/api-client.js";
import type { GradeResult } from "../../src/core/result.js";

/** Loading progress: a phase, and for downloads the fraction done (0..1). */
export type PhaseListener = (phase: string, fraction?: number) => void;

export interface BrowserJob {
  /** `task`: a project stage's number, reported as each of its tests' `task_id`. */
  tests: { path: string; content: string; task?: number }[];
  solution: { path: string; content: string }[];
  solutionModules: string[];
  /** Seeds `random` before each test (project stages). */
  seed?: number;
  /** The learner named the modules (a project): the harness refuses names the tests import. */
  learnerNamedModules?: boolean;
}

const TIME_LIMIT_MS = 10_000;
/** How long the learner's app may take to answer one request from the request panel. */
const REQUEST_LIMIT_MS = 5_000;

/** A request from the request panel to the learner's app. */
export interface PanelRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body: string;
}

/** The app's answer (or the error it raised), what it printed, and how long it took. */
export interface PanelAnswer {
  status?: number;
  reason?: string;
  headers?: [string, string][];
  body?: string;
  binary?: boolean;
  bytes?: number;
  over?: boolean;
  kind?: "wsgi" | "asgi";
  error?: { type: string; message: string; traceback: string; where: "import" | "request" };
  output: string;
  /** In Python: the app's own time. */
  ms?: number;
  /** The code was (re)loaded for this request. */
  reloaded: boolean;
  /** From the click to the answer on the page (the worker's round trip included). */
  roundTripMs: number;
}

/** The learner's code as the panel sends it: their files (and support files), app and modules. */
export interface PanelCode {
  app: string;
  files: { path: string; content: string }[];
  modules: string[];
}

/** A Run's result, and why it ended early when the learner (or the time limit) stopped it. */
export type BrowserResult = GradeResult & { stopped: string | null };

/** The run was stopped (Stop or the time limit) and the worker had to be ended. */
export class RunStopped extends Error {
  override name = "RunStopped";
}

export class BrowserRunner {
  private worker: Worker | null = null;
  private interrupt: Uint8Array | null = null;
  private pending: {
    resolve(r: GradeResult): void;
    reject(e: Error): void;
    id: string;
    /** Why the run is being stopped (Stop, the time limit), once it is. */
    stopping?: string;
  } | null = null;
  private onPhase: PhaseListener | null = null;
  /** The last loading phase, for a Run that starts while Python is still loading. */
  private lastPhase: [string, number | undefined] = ["starting Python", undefined];
  /** How long the harness took in the worker for the last Run (the rest is messages, the page). */
  lastGradeMs: number | null = null;
  /** Called each time a worker's Python is ready (main.ts: the service worker's precache). */
  onReady: (() => void) | null = null;
  /** How Python started in the current worker, once it is ready. */
  ready: {
    fromSnapshot: boolean;
    loadMs: number;
    /** When the worker started loading, in this page's clock (ms since navigation). */
    startedMs: number | null;
    marks: Record<string, number>;
    /** How CPython calls C through function pointers: "wasm" (fast) or "js". */
    trampoline: string;
    /** How the snapshot came: "delta" (against the wasm's data), "whole", or null (no snapshot). */
    snapshot: string | null;
  } | null = null;
  private execs = new Map<string, (r: { output: string; error: string | null }) => void>();
  private requests = new Map<
    string,
    { started(): void; done(answer: unknown, reloaded: boolean): void; failed(e: Error): void }
  >();

  private start(): Worker {
    const worker = new Worker("/pyodide-worker.js", { type: "module" });
    // A new worker (the first, or one after Stop ended the last) loads Python again: say so,
    // not the last worker's "running your code".
    this.lastPhase = ["starting Python", undefined];
    const shared = typeof SharedArrayBuffer !== "undefined" ? new SharedArrayBuffer(1) : null;
    this.interrupt = shared ? new Uint8Array(shared) : null;
    const onMessage = (event: MessageEvent) => {
      const m = event.data as {
        type: string;
        id?: string;
        result?: GradeResult;
        message?: string;
        phase?: string;
        loaded?: number;
        total?: number;
        fromSnapshot?: boolean;
        loadMs?: number;
        startedAt?: number;
        marks?: Record<string, number>;
        trampoline?: string;
        snapshot?: string | null;
        how?: string;
      };
      if (m.type === "progress" && m.phase) {
        this.lastPhase = [m.phase, m.total ? (m.loaded ?? 0) / m.total : undefined];
        this.onPhase?.(...this.lastPhase);
      }
      if (m.type === "ready") {
        this.ready = {
          fromSnapshot: m.fromSnapshot === true,
          loadMs: m.loadMs ?? 0,
          startedMs: m.startedAt ? Math.round(m.startedAt - performance.timeOrigin) : null,
          marks: m.marks ?? {},
          trampoline: m.trampoline ?? "unknown",
          snapshot: m.snapshot ?? null,
        };
        // For the benchmark and the tests: how this page's Python started, and how long it took.
        document.documentElement.dataset.pythonStart = JSON.stringify(this.ready);
        document.documentElement.dataset.python = this.ready.fromSnapshot ? "snapshot" : "cold";
        this.onReady?.();
      }
      // For the tests and the benchmark: when and why the stdlib zip arrived in this worker.
      if (m.type === "stdlib") document.documentElement.dataset.stdlib = String(m.how ?? "");
      // For the tests and the benchmark: the first warm-up grade ran (in an idle moment).
      if (m.type === "warmed-up") {
        const done = m as unknown as { ms: number; afterRuns: number };
        document.documentElement.dataset.warmedUp = JSON.stringify({
          ms: done.ms,
          afterRuns: done.afterRuns,
        });
      }
      // For the tests and the benchmark: the exercise's tests were made ready (`prepare`).
      if (m.type === "prepared") {
        const done = m as unknown as { ms: number; files: string[] };
        document.documentElement.dataset.prepared = JSON.stringify({
          ms: Math.round(done.ms),
          files: done.files,
        });
      }
      // For the tests and the benchmark: the background warm-up after a snapshot start is done.
      if (m.type === "warmed") {
        const done = m as unknown as { grades: number; ms: number };
        document.documentElement.dataset.warmed = JSON.stringify({
          grades: done.grades,
          ms: done.ms,
        });
      }
      if (m.type === "exec-result" && m.id) {
        const done = m as unknown as { output: string; error: string | null };
        this.execs.get(m.id)?.({ output: done.output, error: done.error });
        this.execs.delete(m.id);
      }
      if (m.type === "http-started" && m.id) this.requests.get(m.id)?.started();
      if (m.type === "http-result" && m.id) {
        const done = m as unknown as { answer: unknown; reloaded: boolean };
        this.requests.get(m.id)?.done(done.answer, done.reloaded);
      }
      if (m.type === "error" && m.id && this.requests.has(m.id))
        this.requests.get(m.id)!.failed(new Error(m.message));
      if (m.type === "result" && this.pending && this.pending.id === m.id) {
        this.lastGradeMs = (m as { gradeMs?: number }).gradeMs ?? null;
        this.pending.resolve(m.result!);
        this.pending = null;
      }
      if (m.type === "error" && (m.id === null || this.pending?.id === m.id)) {
        if (m.id === null) this.failed(m.message ?? "Python could not load");
        this.pending?.reject(new Error(m.message));
        this.pending = null;
      }
    };
    worker.onmessage = onMessage;
    worker.postMessage({ type: "init", interrupt: shared });
    if (this.preparedTests) worker.postMessage({ type: "prepare", tests: this.preparedTests });
    this.worker = worker;
    return worker;
  }

  /** The worker is gone: the panel's requests waiting in it will not be answered. */
  private endRequests(message: string): void {
    for (const r of [...this.requests.values()]) r.failed(new RunStopped(message));
  }

  /** Python could not load in this worker: drop it, so the next Run starts a new one. */
  private failed(message: string): void {
    console.warn(`PyDojo: ${message}`);
    this.endRequests(message);
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
  }

  run(job: BrowserJob, onPhase: PhaseListener): Promise<BrowserResult> {
    this.onPhase = onPhase;
    const worker = this.worker ?? this.start();
    const id = crypto.randomUUID();
    const started = performance.now();
    if (this.ready) onPhase("running your code");
    else onPhase(...this.lastPhase);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          this.stop(
            `Time limit: the run was stopped after ${TIME_LIMIT_MS / 1000} s (an infinite loop?)`,
          ),
        TIME_LIMIT_MS,
      );
      const pending: NonNullable<BrowserRunner["pending"]> = {
        id,
        resolve: (r) => {
          clearTimeout(timer);
          // The harness's part of the result; the runner-level fields are the browser's. A
          // result that comes back after Stop is the interrupt's doing (a KeyboardInterrupt in a
          // test or while importing): it says why it was stopped instead.
          const stopped = pending.stopping ?? null;
          resolve({
            ...r,
            // The test the interrupt landed in says the same, not "timeout".
            tests: stopped
              ? r.tests.map((t) =>
                  t.limit === "timeout" && t.message?.startsWith("timeout: the test was stopped")
                    ? { ...t, message: stopped }
                    : t,
                )
              : r.tests,
            stopped,
            version: 3,
            runner: "browser",
            isolation: "in-process",
            duration_ms: performance.now() - started,
          });
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.pending = pending;
      worker.postMessage({ type: "run", id, job });
    });
  }

  /**
   * A Run was graded elsewhere (a quick run on the server while Python started): the worker warms
   * up afterwards as it does after a first Run of its own, grading `job` once with its first
   * warm-up (not one that hit a limit there: it would hold the worker up to the time limit).
   */
  ranElsewhere(job: BrowserJob | null): void {
    this.worker?.postMessage({ type: "ran-elsewhere", job });
  }

  /** The test files of the exercise on screen, made ready in the worker ahead of its first Run. */
  private preparedTests: { path: string; content: string }[] | null = null;

  /**
   * `exercise` will be Run here next: once Python is ready, the worker compiles its test files
   * (asserts rewritten) and imports the standard-library modules they import, so the first Run
   * does not pay for either. Nothing of the learner's runs for it, nor the tests. Not for an
   * exercise the browser can't run, nor one whose tests are the learner's (write-the-tests).
   */
  prepare(exercise: Pick<ApiExercise, "runtimes" | "kind" | "tests">): void {
    if (!exercise.runtimes.includes("pyodide") || exercise.kind === "write-tests") return;
    const tests = exercise.tests;
    this.preparedTests = tests;
    this.worker?.postMessage({ type: "prepare", tests });
  }

  /**
   * The page is about to be busy for about `ms` (a new page being shown): the worker's warm-up
   * work (the tier-up's grades, preparing tests) waits until then. On 2 cores, a warm-up grade
   * beside the page's own work slowed both.
   */
  quiet(ms: number): void {
    this.worker?.postMessage({ type: "quiet", ms });
  }

  /** Starts loading Python now (while the learner reads), so the first Run doesn't wait for it. */
  warm(): void {
    if (!this.worker) this.start();
  }

  /** Runs a lesson snippet; resolves with what it printed and the error it raised, if any. */
  exec(code: string): Promise<{ output: string; error: string | null }> {
    const worker = this.worker ?? this.start();
    const id = crypto.randomUUID();
    return new Promise((resolve) => {
      // An example the learner edited may loop forever: interrupt it at the time limit, and end
      // the worker if the interrupt doesn't stop it.
      const timer = setTimeout(() => {
        if (this.interrupt) this.interrupt[0] = 2;
        setTimeout(() => {
          if (!this.execs.has(id) || this.worker !== worker) return;
          this.execs.delete(id);
          worker.terminate();
          this.endRequests("Python was restarted (a lesson example ran too long); send it again.");
          this.worker = null;
          this.ready = null;
          resolve({
            output: "",
            error: `[stopped after ${TIME_LIMIT_MS / 1000} s: the example ran too long (an infinite loop?)]`,
          });
        }, 500);
      }, TIME_LIMIT_MS);
      this.execs.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      worker.postMessage({ type: "exec", id, code });
    });
  }

  /**
   * Sends one request from the request panel to the learner's app in the worker (see
   * pyodide-worker.ts panelRequest). The time limit counts from when the worker takes it up (a
   * Run in progress finishes first): past it the app is interrupted, and the worker ended if
   * the interrupt doesn't stop it (RunStopped).
   */
  request(code: PanelCode, request: PanelRequest, reload = false): Promise<PanelAnswer> {
    const worker = this.worker ?? this.start();
    const id = crypto.randomUUID();
    const started = performance.now();
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = () => {
        clearTimeout(timer);
        this.requests.delete(id);
      };
      this.requests.set(id, {
        started: () => {
          timer = setTimeout(() => {
            if (this.interrupt) this.interrupt[0] = 2;
            timer = setTimeout(() => {
              if (!this.requests.has(id) || this.worker !== worker) return;
              finish();
              worker.terminate();
              this.worker = null;
              this.ready = null;
              this.endRequests("Python was restarted (a request took too long); send it again.");
              reject(
                new RunStopped(
                  `Your app did not answer within ${REQUEST_LIMIT_MS / 1000} s (an infinite loop?); Python was restarted.`,
                ),
              );
            }, 500);
          }, REQUEST_LIMIT_MS);
        },
        done: (answer, reloaded) => {
          finish();
          resolve({
            ...(answer as Omit<PanelAnswer, "reloaded" | "roundTripMs">),
            reloaded,
            roundTripMs: performance.now() - started,
          });
        },
        failed: (error) => {
          finish();
          reject(error);
        },
      });
      worker.postMessage({ type: "http", id, ...code, request, reload });
    });
  }

  /** Interrupts the running program; terminates the worker if it hasn't stopped within 500 ms. */
  stop(reason = "You stopped the run."): void {
    if (!this.pending) return;
    this.pending.stopping ??= reason;
    if (this.interrupt) this.interrupt[0] = 2; // SIGINT
    const pending = this.pending;
    setTimeout(() => {
      if (this.pending === pending) {
        this.worker?.terminate();
        this.endRequests("Python was restarted (the run was stopped); send it again.");
        this.worker = null;
        this.ready = null;
        pending.reject(new RunStopped(pending.stopping ?? reason));
        this.pending = null;
      }
    }, 500);
  }
}
