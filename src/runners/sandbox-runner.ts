/**
 * The `sandbox` runner: Debian's CPython under bubblewrap. No network (own network namespace
 * with only `lo`), a non-root uid, read-only system and inputs, a private tmpfs work dir, a
 * cleared environment, its own PID namespace (everything dies with the grade), and rlimits on
 * the learner's process (memory, CPU, file size, open files, processes). As root it drops to a
 * uid from a private pool with `setpriv` before bubblewrap, so RLIMIT_NPROC is enforced and
 * concurrent grades don't share a process count. The only runner for untrusted code.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import type { GradeResult } from "../core/result.js";
import { openCgroups, type CgroupManager, type GradeGroup, type GroupLimits } from "./cgroup.js";
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
import {
  DEFAULT_LIMITS,
  RunnerUnavailableError,
  type GradeJob,
  type Limits,
  type Runner,
} from "./runner.js";
import { Zygote } from "./zygote.js";

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
 * What a grade's cgroup allows beside the learner's processes' memory (`memoryMb`, which the
 * memory watch bounds) and its tmpfs mounts: the judge (a write-the-tests run's tests run in it)
 * with the kernel's memory for the grade's processes, and TCP's buffers (docs/security.md).
 * `PYDOJO_GRADE_JUDGE_MB` and `PYDOJO_GRADE_TCP_MB` change them.
 */
export const GRADE_CGROUP = {
  judgeMb: Number(process.env.PYDOJO_GRADE_JUDGE_MB) || 256,
  tcpMb: Number(process.env.PYDOJO_GRADE_TCP_MB) || 64,
};

/** A grade's cgroup limits, from its job's limits: everything the grade may hold together. */
export function gradeGroupLimits(
  limits: Limits,
  extra: { judgeMb: number; tcpMb: number } = GRADE_CGROUP,
): GroupLimits {
  const tmpfs = TMPFS_LIMITS.work + TMPFS_LIMITS.tmp + TMPFS_LIMITS.shm;
  return {
    memoryBytes: (limits.memoryMb + extra.judgeMb) * MB + tmpfs,
    tcpBytes: extra.tcpMb * MB,
  };
}

/** Said once per process: grades here have no cgroup. */
let saidNoCgroup = false;

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
  /** The grades' cgroups (docs/decisions/0014-cgroup-per-grade.md); null where none can be managed. */
  private readonly cgroups: Promise<CgroupManager | null>;
  /** Why there are none (null while they are, or not yet known). */
  cgroupsMissing: string | null = null;

  /** The test files' code made by compile-only runs, sent with later grades of the same files. */
  get compiledTests(): CompiledTests {
    return this.pool.compiled;
  }
  private readonly harness: string;
  private zygote: Zygote | null = null;
  /** The seccomp program bubblewrap loads in spawn mode (seccompFilter), once written. */
  private filterFile: string | null = null;
  /**
   * How a grade's sandbox is made: `fork` (as root: a slot forked from the warm zygote, with its
   * own namespaces and uid) or `spawn` (bubblewrap and a new interpreter per grade: without root,
   * with PYDOJO_SANDBOX_FORK=0, or when the zygote could not start here).
   */
  mode: "fork" | "spawn";

  /**
   * `prestart`: sandboxes kept started ahead of time, each used for one grade (0 for one-off
   * grades). `fork`: grade in slots forked from a warm zygote (the default as root, unless
   * PYDOJO_SANDBOX_FORK=0); false starts bubblewrap and a new interpreter per grade.
   */
  constructor(options: { prestart?: number; fork?: boolean } = {}) {
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
    this.cgroups = openCgroups().then(({ manager, reason }) => {
      if (manager) return manager;
      this.cgroupsMissing = reason;
      if (!saidNoCgroup) {
        saidNoCgroup = true;
        process.stderr.write(
          `pydojo: grades run without a cgroup of their own (${reason}): each is bounded by its rlimits, tmpfs sizes and memory watch only, not as a whole (docs/deployment.md, "Grade cgroups")\n`,
        );
      }
      return null;
    });
    const fork = options.fork ?? process.env.PYDOJO_SANDBOX_FORK !== "0";
    this.mode = this.asRoot && fork ? "fork" : "spawn";
    if (this.mode === "fork") {
      this.zygote = new Zygote({
        command: this.bwrap,
        args: (gradesDir) => this.zygoteArgs(gradesDir),
      });
    }
    // A forked slot costs a few milliseconds and a little memory: keep more of them ready.
    const prestart = options.prestart ?? 1;
    this.pool = new JudgePool(
      (ahead) => this.prepare(ahead),
      this.mode === "fork" && prestart > 0 ? Math.max(prestart, 2) : prestart,
    );
  }

  /** Waits until the runner can grade (the zygote has started, or the runner fell back). */
  async ready(): Promise<void> {
    await this.cgroups;
    if (this.zygote) await this.forkServer();
  }

  /** Where the grades' cgroups are ("v1: <folders>"), or null without them. */
  async cgroupSummary(): Promise<string | null> {
    const manager = await this.cgroups;
    return manager ? `${manager.version}: ${manager.where}` : null;
  }

  /** A new group for one sandbox (with the default limits until its job comes), or null. */
  private async newGroup(): Promise<GradeGroup | null> {
    const manager = await this.cgroups;
    if (!manager) return null;
    try {
      return manager.create(gradeGroupLimits(DEFAULT_LIMITS));
    } catch (error) {
      process.stderr.write(
        `pydojo: a grade's cgroup could not be made, so it runs without one: ${(error as Error).message}\n`,
      );
      return null;
    }
  }

  /** What the grade pool sees of a group: the job's limits, and whether the OOM killer acted. */
  private groupOfGrade(group: GradeGroup | null): Prepared["group"] {
    if (!group) return undefined;
    let memoryBytes = gradeGroupLimits(DEFAULT_LIMITS).memoryBytes;
    return {
      limit: (limits) => {
        const wanted = gradeGroupLimits(limits);
        try {
          group.limit(wanted);
          memoryBytes = wanted.memoryBytes;
        } catch (error) {
          process.stderr.write(`pydojo: ${(error as Error).message}\n`);
        }
      },
      oomKilled: () => group.oomKills() > 0,
      get memoryBytes() {
        return memoryBytes;
      },
    };
  }

  /** Removes a grade's group once its processes are gone; a failure is only logged. */
  private dropGroup(group: GradeGroup | null): void {
    group?.remove().catch((error: Error) => {
      process.stderr.write(`pydojo: a grade's cgroup was not removed: ${error.message}\n`);
    });
  }

  /** The zygote, started; on a machine where it cannot start, the runner spawns per grade. */
  private async forkServer(): Promise<Zygote | null> {
    const zygote = this.zygote;
    if (!zygote) return null;
    try {
      await zygote.start();
      return zygote;
    } catch (error) {
      if (zygote.everStarted) throw error;
      process.stderr.write(
        `pydojo: the sandbox's fork server could not start, so each grade starts its own sandbox (slower): ${(error as Error).message}\n`,
      );
      this.mode = "spawn";
      this.zygote = null;
      await zygote.close();
      return null;
    }
  }

  private async prepare(ahead: boolean): Promise<Prepared> {
    const zygote = await this.forkServer().catch(() => this.zygote);
    if (zygote) return this.prepareSlot(zygote, ahead);
    const dirs = await makeGradeDirs();
    const uid = this.asRoot ? (this.freeUids.shift() ?? UID_BASE + UID_POOL) : null;
    const filter = this.seccompFilter();
    const group = await this.newGroup();
    // With a group, bubblewrap waits (--block-fd) until it and its PID 1 are in it.
    const gateFd = group ? 5 + (filter === null ? 0 : 1) : null;
    const { command, args } = this.command(dirs.solutionDir, uid, filter !== null, gateFd, ahead);
    const judge = startJudge({
      command,
      args,
      env: { PATH: "/usr/bin:/bin" },
      cwd: dirs.root,
      fds: filter === null ? [] : [openSync(filter, "r")],
      gate: group !== null,
    });
    if (group) {
      try {
        if (judge.pid !== undefined) await group.place(judge.pid);
      } catch (error) {
        process.stderr.write(
          `pydojo: a grade's sandbox could not be moved into its cgroup, so it runs without one: ${(error as Error).message}\n`,
        );
      }
      judge.unblock();
    }
    return {
      judge,
      dirs,
      group: this.groupOfGrade(group),
      release: async () => {
        if (uid !== null && uid < UID_BASE + UID_POOL) this.freeUids.push(uid);
        await removeDir(dirs.root);
        await judge.exited;
        this.dropGroup(group);
      },
    };
  }

  /**
   * A slot forked from the zygote, with a uid of its own for the grade. Its judge copies the
   * zygote's pages before the job comes; its host does too when the slot is made `ahead` (a core
   * to spare), and otherwise copies only the pages it writes, as it writes them (decision 0012).
   */
  private async prepareSlot(zygote: Zygote, ahead: boolean): Promise<Prepared> {
    const uid = this.freeUids.shift() ?? UID_BASE + UID_POOL;
    const group = await this.newGroup();
    const slot = await zygote.fork(uid, group ? (pid) => group.place(pid) : null, ahead);
    const solutionDir = zygote.solutionDir(slot.slot);
    return {
      judge: slot.judge,
      dirs: { root: path.dirname(solutionDir), solutionDir, workDir: "/work" },
      group: this.groupOfGrade(group),
      // The uid (and the group) go back only once every process of the grade is gone; the
      // grade's result does not wait for that.
      release: async () => {
        void slot.ended().then(() => {
          if (uid < UID_BASE + UID_POOL) this.freeUids.push(uid);
          this.dropGroup(group);
        });
      },
    };
  }

  /**
   * The zygote's own sandbox: read-only system and harness, the slots' folders on /grades, no
   * network, its own PID namespace, and only the capabilities a slot needs to build its own
   * namespaces and drop to its uid (harness/pydojo_harness/zygote.py).
   */
  private zygoteArgs(gradesDir: string): string[] {
    // KILL: the zygote (root) ends a grade's PID 1, which runs as the grade's uid (the
    // parent-death signal too is refused across uids without it).
    const caps = ["SYS_ADMIN", "SETUID", "SETGID", "SETPCAP", "NET_ADMIN", "KILL"];
    return [
      "--unshare-pid",
      "--unshare-net",
      "--unshare-ipc",
      "--unshare-uts",
      "--unshare-cgroup-try",
      "--die-with-parent",
      "--new-session",
      "--cap-drop",
      "ALL",
      ...caps.flatMap((cap) => ["--cap-add", `CAP_${cap}`]),
      ...this.systemMounts(),
      "--remount-ro",
      "/dev",
      "--ro-bind",
      this.harness,
      "/harness",
      "--bind",
      gradesDir,
      "/grades",
      "--dir",
      "/solution",
      "--dir",
      "/work",
      "--dir",
      "/tmp",
      "--chdir",
      "/",
      ...this.environment(),
      "--",
      SANDBOX_PYTHON,
      "-I",
      "-S",
      "/harness/pydojo_harness/zygote.py",
    ];
  }

  private systemMounts(): string[] {
    return [
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
    ];
  }

  private environment(): string[] {
    return [
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
    ];
  }

  /**
   * The seccomp program of a sandbox started per grade, written once next to the harness copy
   * (harness/pydojo_harness/seccomp_filter.py: the same filter the fork server installs), for
   * bubblewrap's --seccomp. Only x86_64 has one; elsewhere the rlimits and tmpfs sizes only.
   */
  private seccompFilter(): string | null {
    if (process.arch !== "x64") return null;
    if (this.filterFile) return this.filterFile;
    const file = path.join(this.harness, "seccomp.bpf");
    const made = spawnSync(SANDBOX_PYTHON, [
      "-I",
      "-S",
      path.join(this.harness, "pydojo_harness", "seccomp_filter.py"),
    ]);
    if (made.status !== 0 || made.stdout.length === 0 || made.stdout.length % 8 !== 0)
      throw new RunnerUnavailableError(
        "sandbox",
        `the sandbox's seccomp filter could not be made: ${made.stderr?.toString().trim() || `exit ${made.status}`}`,
      );
    writeFileSync(file, made.stdout, { mode: 0o644 });
    this.filterFile = file;
    return file;
  }

  /**
   * The bubblewrap command line for one grade. `ahead` false (grades overlap): the judge's host
   * copies no page ahead of its job, as under the fork server (judgeArgs).
   */
  private command(
    solutionDir: string,
    uid: number | null,
    seccomp: boolean,
    gateFd: number | null,
    ahead: boolean,
  ): { command: string; args: string[] } {
    const bwrapArgs = [
      "--unshare-all",
      // The filter arrives on fd 5 (startJudge's first extra descriptor) and applies from the
      // judge's start: no user namespace of its own, no memfd or SysV shared memory.
      ...(seccomp ? ["--seccomp", "5"] : []),
      // The gate (after the filter's descriptor): nothing runs before the runner has moved
      // bubblewrap into the grade's cgroup and opened it.
      ...(gateFd === null ? [] : ["--block-fd", String(gateFd)]),
      "--die-with-parent",
      "--new-session",
      "--cap-drop",
      "ALL",
      ...this.systemMounts(),
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
      ...this.environment(),
      ...(uid === null ? ["--uid", "65534", "--gid", "65534"] : []),
      "--",
      SANDBOX_PYTHON,
      ...judgeArgs("/harness/pydojo_harness/judge.py", ahead),
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
    await this.zygote?.close();
    removeHarnessCopy(this.harness);
    await (await this.cgroups)?.close();
  }
}
