/**
 * The `sandbox` runner: Debian's CPython under bubblewrap. No network (own network namespace
 * with only `lo`), a non-root uid, read-only system and inputs, a private tmpfs work dir, a
 * cleared environment, its own PID namespace (everything dies with the grade), and rlimits on
 * the learner's process (memory, CPU, file size, open files, processes). As root it drops to a
 * uid from a private pool with `setpriv` before bubblewrap, so RLIMIT_NPROC is enforced and
 * concurrent grades don't share a process count. The only runner for untrusted code.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { GradeResult } from "../core/result.js";
import { harnessDir } from "./paths.js";
import {
  JudgePool,
  makeGradeDirs,
  removeDir,
  startJudge,
  type Prepared,
} from "./python-process.js";
import { RunnerUnavailableError, type GradeJob, type Runner } from "./runner.js";

const SANDBOX_PYTHON = "/usr/bin/python3";
const UID_BASE = 61000;
const UID_POOL = 512;
const MB = 1024 * 1024;
/**
 * Sizes of the sandbox's writable tmpfs mounts. They are memory the process limit does not
 * count, so each is bounded: at most 64 + 64 + 16 MB per grade on top of the memory limit.
 * `/dev` itself is read-only.
 */
export const TMPFS_LIMITS = { work: 64 * MB, tmp: 64 * MB, shm: 16 * MB } as const;

/**
 * A copy of the harness the sandbox's unprivileged uid can read, wherever PyDojo is installed
 * (a checkout in a 0700 folder, root's home, `mktemp -d`): folders 0755, files 0644, times
 * kept so the compiled bytecode stays valid. Made once per runner, removed when it closes.
 */
const harnessCopies = new Set<string>();
let exitHookInstalled = false;
function removeHarnessCopy(dir: string): void {
  harnessCopies.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

function readableHarnessCopy(): string {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const dir of harnessCopies) removeHarnessCopy(dir);
    });
  }
  const root = mkdtempSync(path.join(os.tmpdir(), "pydojo-harness-"));
  harnessCopies.add(root);
  const target = path.join(root, "pydojo_harness");
  cpSync(path.join(harnessDir(), "pydojo_harness"), target, {
    recursive: true,
    preserveTimestamps: true,
  });
  const open = (dir: string) => {
    chmodSync(dir, 0o755);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) open(full);
      else chmodSync(full, 0o644);
    }
  };
  open(root);
  return root;
}

function which(command: string): string | null {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() || null : null;
}

export class SandboxRunner implements Runner {
  readonly name = "sandbox" as const;
  private readonly bwrap: string;
  private readonly setpriv: string | null;
  private readonly freeUids: number[] = [];
  private readonly asRoot = process.getuid?.() === 0;
  private readonly pool: JudgePool;
  private readonly harness: string;

  /** `prestart`: sandboxes kept started ahead of time, each used for one grade (0 for one-off grades). */
  constructor(options: { prestart?: number } = {}) {
    const bwrap = which("bwrap");
    if (!bwrap) {
      throw new RunnerUnavailableError(
        "sandbox",
        "bubblewrap (bwrap) is not installed, so untrusted code cannot be run safely. Install it (Debian/Ubuntu: apt-get install bubblewrap) or use --runner local for your own code.",
      );
    }
    if (!existsSync(SANDBOX_PYTHON)) {
      throw new RunnerUnavailableError(
        "sandbox",
        `${SANDBOX_PYTHON} is missing: the sandbox runs the system's Python 3 (Debian/Ubuntu: apt-get install python3).`,
      );
    }
    this.bwrap = bwrap;
    this.setpriv = this.asRoot ? which("setpriv") : null;
    if (this.asRoot && !this.setpriv) {
      throw new RunnerUnavailableError(
        "sandbox",
        "running as root needs setpriv (util-linux) to drop privileges",
      );
    }
    for (let i = 0; i < UID_POOL; i++) this.freeUids.push(UID_BASE + i);
    this.harness = readableHarnessCopy();
    this.pool = new JudgePool(() => this.prepare(), options.prestart ?? 1);
  }

  private async prepare(): Promise<Prepared> {
    const dirs = await makeGradeDirs();
    const uid = this.asRoot ? (this.freeUids.shift() ?? UID_BASE + UID_POOL) : null;
    const { command, args } = this.command(dirs.solutionDir, uid);
    const judge = startJudge({ command, args, env: { PATH: "/usr/bin:/bin" }, cwd: dirs.root });
    return {
      judge,
      dirs,
      release: async () => {
        if (uid !== null && uid < UID_BASE + UID_POOL) this.freeUids.push(uid);
        await removeDir(dirs.root);
      },
    };
  }

  /** The bubblewrap command line for one grade. */
  private command(solutionDir: string, uid: number | null): { command: string; args: string[] } {
    const bwrapArgs = [
      "--unshare-all",
      "--die-with-parent",
      "--new-session",
      "--cap-drop",
      "ALL",
      "--ro-bind",
      "/usr",
      "/usr",
      "--symlink",
      "usr/lib",
      "/lib",
      "--symlink",
      "usr/lib64",
      "/lib64",
      "--symlink",
      "usr/bin",
      "/bin",
      "--proc",
      "/proc",
      "--dev",
      "/dev",
      "--size",
      String(TMPFS_LIMITS.shm),
      "--tmpfs",
      "/dev/shm",
      "--remount-ro",
      "/dev",
      "--ro-bind",
      this.harness,
      "/harness",
      "--ro-bind",
      solutionDir,
      "/solution",
      "--size",
      String(TMPFS_LIMITS.work),
      "--tmpfs",
      "/work",
      "--size",
      String(TMPFS_LIMITS.tmp),
      "--tmpfs",
      "/tmp",
      "--chdir",
      "/work",
      "--clearenv",
      "--setenv",
      "PATH",
      "/usr/bin:/bin",
      "--setenv",
      "LANG",
      "C.UTF-8",
      "--setenv",
      "HOME",
      "/work",
      "--setenv",
      "PYDOJO_REQUIRE_HARDENING",
      "1",
      ...(uid === null ? ["--uid", "65534", "--gid", "65534"] : []),
      "--",
      SANDBOX_PYTHON,
      "-I",
      "-S",
      "/harness/pydojo_harness/judge.py",
    ];
    if (uid === null) return { command: this.bwrap, args: bwrapArgs };
    return {
      command: this.setpriv!,
      args: [`--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--", this.bwrap, ...bwrapArgs],
    };
  }

  grade(job: GradeJob, options: { signal?: AbortSignal } = {}): Promise<GradeResult> {
    return this.pool.grade(
      job,
      this.name,
      () => ({ solutionDir: "/solution", workDir: "/work" }),
      options.signal,
    );
  }

  async close(): Promise<void> {
    await this.pool.close();
    removeHarnessCopy(this.harness);
  }
}
