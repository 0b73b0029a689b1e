/**
 * Shared machinery of the CPython runners: writes the learner's files to a private folder,
 * starts the judge (directly, or inside bubblewrap), feeds it the job, enforces the wall-clock
 * limit and output caps, and turns whatever happens into a GradeResult.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { closeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { Readable, Writable } from "node:stream";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  errorResult,
  gradeResultSchema,
  overallStatus,
  type GradeResult,
  type RunnerName,
} from "../core/result.js";
import { CompiledTests } from "./compiled-tests.js";
import { harnessTests, type GradeJob, type HarnessTestFile, type Limits } from "./runner.js";

const MB = 1024 * 1024;
const MAX_RESULT_BYTES = 32 * MB;
const MAX_STDERR_BYTES = 64 * 1024;
const COMPILE_TIMEOUT_MS = 10_000;
/** How long after a grade the pool's other judges are started (JudgePool.refillSoon). */
const REFILL_DELAY_MS = 40;

/** The job as the harness reads it (docs/harness-protocol.md). */
export function harnessJob(
  job: GradeJob,
  mode: "isolated" | "inproc",
  solutionDir: string,
  workDir: string,
  tests: HarnessTestFile[] = harnessTests(job.tests),
) {
  return {
    mode,
    tests,
    solution_dir: solutionDir,
    solution_modules: job.solutionModules,
    work_dir: workDir,
    limits: harnessLimits(job.limits),
    ...(job.seed === undefined ? {} : { seed: job.seed }),
    ...(job.learnerNamedModules ? { learner_named_modules: true } : {}),
  };
}

export function harnessLimits(limits: Limits) {
  return {
    test_timeout_s: limits.testTimeoutSeconds,
    memory_bytes: limits.memoryMb * MB,
    output_bytes: limits.outputKb * 1024,
    processes: limits.processes,
    file_size_bytes: limits.fileSizeMb * MB,
    open_files: limits.openFiles,
    cpu_seconds: Math.ceil(limits.timeoutSeconds),
  };
}

/** A fresh private folder for one grade: `solution/` (the learner's files) and `work/`. */
export async function makeGradeDirs(): Promise<{
  root: string;
  solutionDir: string;
  workDir: string;
}> {
  const root = await mkdtemp(path.join(os.tmpdir(), "pydojo-"));
  await chmod(root, 0o711); // the sandbox's unprivileged uid must reach solution/
  const solutionDir = path.join(root, "solution");
  const workDir = path.join(root, "work");
  await mkdir(solutionDir, { recursive: true, mode: 0o755 });
  await mkdir(workDir, { recursive: true, mode: 0o777 });
  return { root, solutionDir, workDir };
}

/** Writes the learner's files into `solutionDir`, refusing paths that leave it. */
export async function writeSolutionFiles(solutionDir: string, job: GradeJob): Promise<void> {
  for (const file of job.solution) {
    const target = path.resolve(solutionDir, file.path);
    if (!target.startsWith(solutionDir + path.sep))
      throw new Error(`unsafe solution path: ${file.path}`);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
    await writeFile(target, file.content, { mode: 0o644 });
  }
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface SpawnSpec {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Descriptors the child gets from fd 5 on (the sandbox's seccomp program); closed here once it has started. */
  fds?: number[];
  /**
   * A pipe the child gets after `fds` (bubblewrap's --block-fd): the sandbox waits on it until
   * `unblock()` (after the runner moved it into the grade's cgroup).
   */
  gate?: boolean;
}

export interface Collected {
  /** What the judge wrote to its private verdict pipe (fd 3): one framed record. */
  verdict: Buffer;
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  spawnError: Error | null;
}

/** A judge process that has started (and pre-imported) and is waiting for its job on stdin. */
export interface StartedJudge {
  readonly alive: boolean;
  /**
   * Sends the job (and, for a write-the-tests run, the code under test on the host's private
   * pipe) and resolves when the judge exits; kills it at the deadline or on abort.
   */
  run(input: string, timeoutMs: number, signal?: AbortSignal, subject?: string): Promise<Collected>;
  kill(): void;
}

/** A judge started by the runner itself: its PID, and its gate (SpawnSpec.gate) to open. */
export interface SpawnedJudge extends StartedJudge {
  readonly pid: number | undefined;
  unblock(): void;
  /** Resolves once the process has exited (whatever the grade's result). */
  readonly exited: Promise<void>;
}

/** Starts the judge now; the wall-clock limit starts only when the job is sent. */
export function startJudge(spec: SpawnSpec): SpawnedJudge {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    // fd 3: the verdict, which only the judge holds; fd 4: the code under test of a
    // write-the-tests run, which only the learner-free host reads (docs/security.md).
    stdio: [
      "pipe",
      "pipe",
      "pipe",
      "pipe",
      "pipe",
      ...(spec.fds ?? []),
      ...(spec.gate ? ["pipe" as const] : []),
    ],
    detached: true,
  }) as ChildProcessWithoutNullStreams; // fds 0-2 are pipes
  for (const fd of spec.fds ?? []) closeSync(fd);
  const gate = spec.gate ? (child.stdio[5 + (spec.fds ?? []).length] as Writable) : null;
  gate?.on("error", () => {
    /* the sandbox is gone; reported through its exit */
  });
  const verdictPipe = child.stdio[3] as Readable;
  const subjectPipe = child.stdio[4] as Writable;
  const verdict: Buffer[] = [];
  let verdictBytes = 0;
  verdictPipe.on("data", (chunk: Buffer) => {
    if (verdictBytes < MAX_RESULT_BYTES) verdict.push(chunk);
    verdictBytes += chunk.length;
  });
  subjectPipe.on("error", () => {
    /* the host may be gone; the grade reports it */
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let outBytes = 0;
  let errBytes = 0;
  let timedOut = false;
  let spawnError: Error | null = null;
  let exited = false;
  const killGroup = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
  child.stdout.on("data", (chunk: Buffer) => {
    // The judge points its stdout at /dev/null; kept only to show in a crash report.
    if (outBytes < MAX_STDERR_BYTES) out.push(chunk);
    outBytes += chunk.length;
  });
  child.stderr.on("data", (chunk: Buffer) => {
    if (errBytes < MAX_STDERR_BYTES) err.push(chunk);
    errBytes += chunk.length;
  });
  child.stdin.on("error", () => {
    /* the judge may exit before reading everything; reported through its exit status */
  });
  child.on("error", (error) => {
    spawnError = error;
  });
  const done = new Promise<Collected>((resolve) => {
    child.on("close", (code, sig) => {
      exited = true;
      killGroup(); // nothing of the learner's outlives the grade
      resolve({
        verdict: verdictBytes <= MAX_RESULT_BYTES ? Buffer.concat(verdict) : Buffer.alloc(0),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8").slice(0, MAX_STDERR_BYTES),
        code,
        signal: sig,
        timedOut,
        spawnError,
      });
    });
  });
  return {
    pid: child.pid,
    unblock: () => gate?.end("1"),
    exited: done.then(() => undefined),
    get alive() {
      return !exited && spawnError === null;
    },
    async run(input, timeoutMs, signal, subject) {
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup();
      }, timeoutMs);
      const onAbort = () => killGroup();
      signal?.addEventListener("abort", onAbort, { once: true });
      subjectPipe.end(subject ?? "");
      child.stdin.end(input);
      try {
        return await done;
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      }
    },
    kill: killGroup,
  };
}

/** Runs the judge, feeding `input`; kills its whole process group at the deadline. */
export function runJudge(
  spec: SpawnSpec,
  input: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Collected> {
  return startJudge(spec).run(input, timeoutMs, signal);
}

/** A started judge with its private folders, ready for one grade. */
export interface Prepared {
  judge: StartedJudge;
  dirs: { root: string; solutionDir: string; workDir: string };
  release(): Promise<void>;
  /** The grade's cgroup, where there is one (docs/decisions/0014-cgroup-per-grade.md). */
  group?: {
    /** Sets the grade's memory limit from the job's limits, before the job is sent. */
    limit(limits: Limits): void;
    /** Whether the kernel's OOM killer ended one of the grade's processes. */
    oomKilled(): boolean;
    /** The group's memory limit, for the message. */
    readonly memoryBytes: number;
  };
}

/**
 * The interpreter's arguments for a judge started afresh (not forked by the zygote): `ahead`
 * false (grades overlap) tells its host to copy no page ahead of the job, the same rule as the
 * zygote's `copy_ahead` (decision 0012, addenda of 2026-12-07 and 2026-12-08).
 */
export function judgeArgs(script: string, ahead: boolean): string[] {
  return ["-I", "-S", script, ...(ahead ? [] : ["--no-copy-ahead"])];
}

/**
 * Makes one judge. `ahead`: it is made ahead of its grade with at most one grade under way, so
 * whatever it can do before its job (a forked slot's page copies) runs on a core no other grade
 * needs; false when grades overlap or the judge is wanted at once.
 */
export type PrepareJudge = (ahead: boolean) => Promise<Prepared>;

/**
 * Keeps `size` judges started ahead of time, so a grade does not wait for bubblewrap and the
 * interpreter to start and import. Each judge (and its sandbox) serves exactly one grade.
 */
export class JudgePool {
  private readonly idle: Promise<Prepared>[] = [];
  private closed = false;
  /** The test files' code, made by compile-only runs on this pool's judges. */
  readonly compiled = new CompiledTests();
  private readonly compiling = new Set<Prepared>();
  private refillTimer: NodeJS.Timeout | null = null;
  /** Grades (and compile-only runs) under way on judges of this pool. */
  private active = 0;

  constructor(
    private readonly prepare: PrepareJudge,
    private readonly size: number,
  ) {}

  /**
   * A judge for one grade, counted in `active` until the caller's `finished` (also when none
   * could be had).
   */
  private async take(): Promise<Prepared> {
    this.active += 1;
    try {
      while (this.idle.length > 0) {
        const prepared = await this.idle.shift()!;
        this.refillNow();
        if (prepared.judge.alive) return prepared;
        await prepared.release();
      }
      this.refillNow();
      return await this.prepare(false);
    } catch (error) {
      this.active -= 1;
      throw error;
    }
  }

  /** A grade taken with `take` is over: its judge goes, and the pool is filled again soon. */
  private async finished(prepared: Prepared): Promise<void> {
    this.active -= 1;
    prepared.judge.kill();
    await prepared.release();
    this.refillSoon();
  }

  /**
   * After a judge is taken. With no other grade under way, one judge stays ready (or on its
   * way) for the next grade and the rest of the pool is made once this grade is over
   * (`refillSoon`), not while it runs; with grades under way (the machine is busy anyway),
   * the whole pool at once, so the next grades do not wait for theirs.
   */
  private refillNow(): void {
    this.refill(this.active > 1 ? this.size : 1);
  }

  /**
   * Fills the pool once a grade is over. A judge's start (a fork and its page copies, or a
   * sandbox and an interpreter) takes more CPU than a grade; made while a grade ran, it slowed
   * that grade down on a small machine, and right after it, the storing of its verdict.
   */
  private refillSoon(): void {
    if (this.closed || this.refillTimer !== null || this.idle.length >= this.size) return;
    this.refillTimer = setTimeout(() => {
      this.refillTimer = null;
      this.refill(this.size);
    }, REFILL_DELAY_MS);
    this.refillTimer.unref();
  }

  /** Starts judges up to `count` ready, made `ahead` when at most one grade is under way. */
  private refill(count: number): void {
    const ahead = this.active <= 1;
    while (!this.closed && this.idle.length < Math.min(count, this.size)) {
      const next = this.prepare(ahead);
      next.catch(() => {
        /* surfaced when taken */
      });
      this.idle.push(next);
    }
  }

  /**
   * Grades one job on a started judge: writes the learner's files, sends the job, turns what
   * comes back into a result. `paths` says where the judge sees the folders (inside a sandbox
   * they are mounted elsewhere).
   */
  async grade(
    job: GradeJob,
    runner: RunnerName,
    paths: (dirs: Prepared["dirs"]) => { solutionDir: string; workDir: string },
    signal?: AbortSignal,
  ): Promise<GradeResult> {
    const startedAt = performance.now();
    const prepared = await this.take();
    let missing: HarnessTestFile[] = [];
    try {
      // A write-the-tests subject never touches the disk: only the host receives it.
      if (!job.hiddenSubject) await writeSolutionFiles(prepared.dirs.solutionDir, job);
      const { solutionDir, workDir } = paths(prepared.dirs);
      const nonce = randomBytes(16).toString("hex");
      const tests = harnessTests(job.tests);
      // A write-the-tests run's tests are the learner's: compiled in their own grade only.
      missing = job.hiddenSubject ? [] : this.compiled.attach(tests);
      const input = JSON.stringify({
        ...harnessJob(job, "isolated", solutionDir, workDir, tests),
        nonce,
        hidden_subject: job.hiddenSubject === true,
        // In a sandbox the judge shares its PID namespace with the learner's processes alone:
        // there it bounds their memory together, not only each one's (judge_side.MemoryWatch).
        ...(runner === "sandbox" ? { grade_memory_bytes: job.limits.memoryMb * MB } : {}),
      });
      const subject = job.hiddenSubject ? JSON.stringify(job.solution) : "";
      prepared.group?.limit(job.limits);
      const collected = await prepared.judge.run(
        input,
        job.limits.timeoutSeconds * 1000,
        signal,
        subject,
      );
      const result = toGradeResult(collected, runner, job.limits, startedAt, { nonce, job });
      if (prepared.group?.oomKilled()) return outOfMemory(result, prepared.group.memoryBytes);
      return result;
    } finally {
      await this.finished(prepared);
      // After the grade, not before it: its result does not wait for the compile-only run. A
      // pool that keeps no judge ready serves one-off grades (the CLI): nothing to compile for.
      if (missing.length > 0 && this.size > 0 && !this.closed)
        this.compiled.fill(missing, (files) => this.compileOnly(files));
    }
  }

  /**
   * A compile-only run: a fresh judge that receives the test files and nothing else (no
   * solution, no learner code anywhere in its sandbox) and answers with their compiled code.
   */
  private async compileOnly(files: HarnessTestFile[]): Promise<unknown> {
    const prepared = await this.take();
    this.compiling.add(prepared);
    try {
      if (this.closed) throw new Error("the pool is closed");
      const { solutionDir, workDir } = prepared.dirs;
      const nonce = randomBytes(16).toString("hex");
      const input = JSON.stringify({
        compile_only: true,
        mode: "isolated",
        tests: files,
        solution_dir: solutionDir,
        solution_modules: [],
        work_dir: workDir,
        limits: {},
        nonce,
      });
      const collected = await prepared.judge.run(input, COMPILE_TIMEOUT_MS);
      return readVerdictFrame(collected.verdict, nonce);
    } finally {
      this.compiling.delete(prepared);
      await this.finished(prepared);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.refillTimer !== null) clearTimeout(this.refillTimer);
    for (const prepared of this.compiling) prepared.judge.kill();
    const pending = this.idle.splice(0);
    for (const p of pending) {
      try {
        const prepared = await p;
        prepared.judge.kill();
        await prepared.release();
      } catch {
        /* it never started */
      }
    }
  }
}

/**
 * A grade in which the kernel ended a process because the grade's cgroup was full: the memory
 * limit, whatever the judge said (it may have been the process ended, or have reported the end
 * of the learner's process as something else). The tests that finished are kept. The first test
 * that ended with the time limit or a crash is the one that was under way: its process was
 * ended, or it waited on one that was (a forked child), so it is told why as well (the judge's
 * own memory watch names the test when it is the one that acts).
 */
export function outOfMemory(result: GradeResult, memoryBytes: number): GradeResult {
  const message =
    `memory limit: the grade (your code, its tests, its files and sockets) held more than its ` +
    `${Math.round(memoryBytes / MB)} MB of memory together, so the kernel stopped it`;
  const hit = result.tests.findIndex(
    (t) => t.status === "error" && (t.limit === "timeout" || t.limit === "crash"),
  );
  const tests = result.tests.map((test, i) =>
    i === hit
      ? {
          ...test,
          limit: "memory" as const,
          message: `${message}. This test was under way, and ended with: ${test.message ?? test.limit}`,
        }
      : test,
  );
  return { ...result, tests, status: "error", limit: "memory", message };
}

/** The framed verdict record the judge writes to fd 3 (harness/pydojo_harness/judge.py). */
export function readVerdictFrame(data: Buffer, nonce: string): unknown {
  const newline = data.indexOf(10);
  if (newline < 0) throw new Error("no verdict record");
  const header = /^PYDOJO-VERDICT ([0-9a-f]{32}) (\d{1,10})$/.exec(
    data.subarray(0, newline).toString("latin1"),
  );
  if (!header) throw new Error("malformed verdict header");
  if (header[1] !== nonce) throw new Error("verdict record of another grade");
  const length = Number(header[2]);
  if (data.length !== newline + 1 + length) throw new Error("verdict record of the wrong length");
  return JSON.parse(data.subarray(newline + 1).toString("utf8"));
}

/**
 * Checks a parsed result against the job it claims to grade: every test's code must come from
 * the job's test files, and the top-level status is recomputed from the tests (a status can
 * only get worse here, never better).
 */
export function checkAgainstJob(result: GradeResult, job: GradeJob): string | null {
  const known = new Set(
    job.tests.flatMap((f) => f.content.split("\n").map((line) => line.trim())).filter(Boolean),
  );
  for (const test of result.tests) {
    const lines = test.test_code
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    if (lines.some((line) => !known.has(line)))
      return `test ${JSON.stringify(test.name)} is not in the exercise's test files`;
  }
  return null;
}

function recomputedStatus(result: GradeResult): GradeResult["status"] {
  const fromTests = overallStatus(result.tests);
  const rank = { pass: 0, fail: 1, error: 2 } as const;
  return rank[result.status] >= rank[fromTests] ? result.status : fromTests;
}

/** Turns the judge's verdict record into a validated result, or a result that says what went wrong. */
export function toGradeResult(
  collected: Collected,
  runner: RunnerName,
  limits: Limits,
  startedAt: number,
  expected: { nonce: string; job: GradeJob },
): GradeResult {
  const duration_ms = Math.round((performance.now() - startedAt) * 1000) / 1000;
  // The seed comes from the job (trusted), never from what the judge's record says.
  const seed = expected.job.seed;
  const base = {
    runner,
    isolation: "isolated" as const,
    duration_ms,
    ...(seed === undefined ? {} : { seed }),
  };
  if (collected.timedOut) {
    return errorResult(
      `timeout after ${limits.timeoutSeconds} s: the grade took too long and was stopped`,
      {
        ...base,
        limit: "timeout",
      },
    );
  }
  if (collected.spawnError) {
    return errorResult(`could not start Python: ${collected.spawnError.message}`, {
      ...base,
      limit: "crash",
    });
  }
  let parsed: unknown;
  try {
    parsed = readVerdictFrame(collected.verdict, expected.nonce);
  } catch {
    const detail = collected.stderr.trim().split("\n").slice(-5).join("\n");
    return errorResult(
      `the grader stopped without a result (exit ${collected.code ?? collected.signal})${detail ? `:\n${detail}` : ""}`,
      { ...base, limit: "crash" },
    );
  }
  const raw = (parsed ?? {}) as Record<string, unknown>;
  const checked = gradeResultSchema.safeParse({
    version: 3,
    status: raw.status,
    message: raw.message ?? null,
    tests: raw.tests,
    limit: raw.limit ?? null,
    runner,
    python: raw.python ?? null,
    isolation: "isolated",
    duration_ms,
    output: raw.output ?? null,
    comments: raw.comments ?? undefined,
    seed,
  });
  if (!checked.success) {
    return errorResult(`the grader produced an invalid result: ${checked.error.message}`, {
      ...base,
      limit: "crash",
    });
  }
  const mismatch = checkAgainstJob(checked.data, expected.job);
  if (mismatch) {
    return errorResult(`the grader produced a result for other tests: ${mismatch}`, {
      ...base,
      limit: "crash",
    });
  }
  return { ...checked.data, status: recomputedStatus(checked.data) };
}
