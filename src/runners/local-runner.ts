/**
 * The `local` runner: the user's own CPython in a subprocess, with the same judge/host split
 * and the limits the OS allows (rlimits on the learner's process). For the CLI and single-user
 * installs; a shared server must use the sandbox runner.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { GradeResult } from "../core/result.js";
import type { CompiledTests } from "./compiled-tests.js";
import { harnessDir } from "./paths.js";
import {
  JudgePool,
  judgeArgs,
  makeGradeDirs,
  removeDir,
  startJudge,
  type Prepared,
} from "./python-process.js";
import { RunnerUnavailableError, type GradeJob, type Runner } from "./runner.js";

const HOW_TO_POINT =
  "Install Python 3.9 or newer, or point PyDojo at one with PYDOJO_PYTHON=/path/to/python3 (or --python).";

/** Finds a usable Python: explicit path, PYDOJO_PYTHON, then python3 on PATH. */
export function findPython(explicit?: string): { path: string; version: string } {
  const candidates = [explicit, process.env.PYDOJO_PYTHON, "python3", "python"].filter(
    (c): c is string => Boolean(c),
  );
  for (const candidate of candidates) {
    const probe = spawnSync(
      candidate,
      [
        "-I",
        "-S",
        "-c",
        "import sys; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])",
      ],
      {
        encoding: "utf8",
        timeout: 10_000,
      },
    );
    if (probe.status !== 0 || !probe.stdout) {
      if (candidate === explicit || candidate === process.env.PYDOJO_PYTHON) {
        throw new RunnerUnavailableError(
          "local",
          `Python was not found at ${candidate}. ${HOW_TO_POINT}`,
        );
      }
      continue;
    }
    const [executable, version] = probe.stdout.trim().split("\n");
    const [major, minor] = (version ?? "0.0").split(".").map(Number);
    if (major !== 3 || (minor ?? 0) < 9) {
      throw new RunnerUnavailableError(
        "local",
        `${candidate} is Python ${version}; PyDojo needs 3.9 or newer. ${HOW_TO_POINT}`,
      );
    }
    return { path: executable ?? candidate, version: version ?? "" };
  }
  throw new RunnerUnavailableError("local", `Python 3 was not found on PATH. ${HOW_TO_POINT}`);
}

export class LocalRunner implements Runner {
  readonly name = "local" as const;
  private readonly python: string;
  private readonly pool: JudgePool;

  /** The test files' code made by compile-only runs, sent with later grades of the same files. */
  get compiledTests(): CompiledTests {
    return this.pool.compiled;
  }

  /** `prestart`: judges kept started ahead of time (0 for one-off grades). */
  constructor(options: { python?: string; prestart?: number } = {}) {
    this.python = findPython(options.python).path;
    this.pool = new JudgePool((ahead) => this.prepare(ahead), options.prestart ?? 1);
  }

  private async prepare(ahead: boolean): Promise<Prepared> {
    const dirs = await makeGradeDirs();
    const judge = startJudge({
      command: this.python,
      args: judgeArgs(path.join(harnessDir(), "pydojo_harness", "judge.py"), ahead),
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        LANG: "C.UTF-8",
        PYTHONIOENCODING: "utf-8",
      },
      cwd: dirs.workDir,
    });
    return { judge, dirs, release: () => removeDir(dirs.root) };
  }

  grade(job: GradeJob, options: { signal?: AbortSignal } = {}): Promise<GradeResult> {
    return this.pool.grade(job, this.name, (dirs) => dirs, options.signal);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
