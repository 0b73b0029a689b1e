/**
 * A memory (and CPU) cgroup per grade (docs/decisions/0014-cgroup-per-grade.md). At start the
 * runner finds out whether it can manage cgroups here: cgroup v1 with a writable memory
 * controller, cgroup v2 with a writable (delegated) subtree whose memory controller it can
 * enable, or neither (not root, a container, a v2 tree not delegated): then grades run as
 * before, bounded by the rlimits, the tmpfs sizes and the memory watch only.
 *
 * One parent group per runner, under the server's own cgroup (`pydojo-<pid>-<n>`), and one
 * child per sandbox (a fork server's slot or a bubblewrap started per grade), made before the
 * sandbox is and removed once its processes are gone: the kernel then bounds everything the
 * grade holds together (process memory, tmpfs, kernel memory, and TCP buffers: on v1 with
 * `memory.kmem.tcp.limit_in_bytes`, on v2 in `memory.max`), and each grade gets one equal CPU
 * share wherever the server runs.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
} from "node:fs";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** Why cgroups cannot be managed here, or a write the kernel refused. */
export class CgroupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CgroupError";
  }
}

export interface GroupLimits {
  /** Everything the grade holds: its processes, tmpfs, the judge, kernel memory. */
  memoryBytes: number;
  /** TCP buffers (v1 counts them apart; on v2 they are added to memoryBytes). */
  tcpBytes: number;
}

/** One grade's group (one folder per controller). */
export interface GradeGroup {
  readonly name: string;
  /** Sets the grade's limits (before its job is sent). */
  limit(limits: GroupLimits): void;
  /**
   * Moves `pid` and every process below it into the group: each process before its children,
   * so a child forked meanwhile is either found or born in the group. Off the event loop: on
   * cgroup v1 a write to `cgroup.procs` waits for an RCU grace period (12 ms measured on a 2-core
   * VM), during which a blocking write held up every other grade's messages.
   */
  place(pid: number): Promise<void>;
  /** How many processes the kernel's OOM killer has ended in the group so far. */
  oomKills(): number;
  /** Removes the group once its processes are gone (retried for a while: they may be exiting). */
  remove(): Promise<void>;
}

export interface CgroupManager {
  readonly version: "v1" | "v2";
  /** Where the runner's groups are, for the log. */
  readonly where: string;
  create(limits: GroupLimits): GradeGroup;
  /** Removes the runner's parent groups (after its grades' groups). */
  close(): Promise<void>;
}

/** Where to look: the real system, or a folder standing in for it (tests). */
export interface CgroupSystem {
  /** The text of /proc/self/cgroup. */
  selfCgroup: string;
  /** The text of /proc/self/mounts. */
  mounts: string;
  pid: number;
  /** Whether a process is alive (its stale groups are left alone while it is). */
  alive(pid: number): boolean;
}

function realSystem(): CgroupSystem {
  return {
    selfCgroup: readFileSync("/proc/self/cgroup", "utf8"),
    mounts: readFileSync("/proc/self/mounts", "utf8"),
    pid: process.pid,
    alive: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === "EPERM";
      }
    },
  };
}

const PARENT_NAME = /^pydojo-(\d+)-\d+$/;
/**
 * The runner's parent group weighs as much as this many default groups (processes, sessions)
 * per core: grades share the runner's part equally, and the runner's part, beside the rest of the
 * machine's work, is what its grades had as one session each before (decision 0014).
 */
const RUNNER_CPU_WEIGHT_PER_CORE = () =>
  Math.max(1, Number(process.env.PYDOJO_GRADES_CPU_WEIGHT) || 1) * os.availableParallelism();
let runnersInProcess = 0;

/** cgroup v1 mounts by controller, v2's mount, and this process's path in each hierarchy. */
function hierarchies(system: CgroupSystem): {
  v1: Map<string, { mount: string; own: string }>;
  v2: { mount: string; own: string } | null;
} {
  const v1Mounts = new Map<string, string>();
  let v2Mount: string | null = null;
  for (const line of system.mounts.split("\n")) {
    const [, target, type, options] = line.split(" ");
    if (!target || !options) continue;
    const where = target.replace(/\\040/g, " ");
    if (type === "cgroup") {
      for (const option of options.split(",")) v1Mounts.set(option, where);
    } else if (type === "cgroup2" && v2Mount === null) v2Mount = where;
  }
  const v1 = new Map<string, { mount: string; own: string }>();
  let v2: { mount: string; own: string } | null = null;
  for (const line of system.selfCgroup.split("\n")) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (!match) continue;
    const [, id, controllers, own] = match;
    if (id === "0" && controllers === "") {
      if (v2Mount) v2 = { mount: v2Mount, own: own! };
      continue;
    }
    for (const controller of controllers!.split(",")) {
      const mount = v1Mounts.get(controller);
      if (mount) v1.set(controller, { mount, own: own! });
    }
  }
  return { v1, v2 };
}

function read(file: string): string {
  return readFileSync(file, "utf8");
}

function write(file: string, value: string): void {
  try {
    writeFileSync(file, value);
  } catch (error) {
    throw new CgroupError(
      `could not write ${value.trim()} to ${file}: ${(error as Error).message}`,
    );
  }
}

/** `key value` lines (memory.events, memory.oom_control, cgroup.events). */
function field(file: string, key: string): number {
  try {
    const match = new RegExp(`^${key} (\\d+)$`, "m").exec(read(file));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** The processes below `pid` (every thread's children), read after `pid` was moved. */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    try {
      for (const child of read(`/proc/${pid}/task/${task}/children`).split(" "))
        if (child.trim()) found.push(Number(child));
    } catch {
      /* exited meanwhile */
    }
  }
  return found;
}

/** Removes an empty group folder, retrying while its last processes exit. */
async function removeFolder(dir: string, tries = 50): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      rmdirSync(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return;
      if (code !== "EBUSY" || i >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Groups of runners whose process is gone (a server that was killed): removed at start. */
async function removeStale(base: string, system: CgroupSystem): Promise<void> {
  let entries: string[];
  try {
    entries = readdirSync(base);
  } catch {
    return;
  }
  for (const name of entries) {
    const match = PARENT_NAME.exec(name);
    if (!match || Number(match[1]) === system.pid || system.alive(Number(match[1]))) continue;
    const parent = path.join(base, name);
    try {
      for (const child of readdirSync(parent, { withFileTypes: true }))
        if (child.isDirectory()) await removeFolder(path.join(parent, child.name), 0);
      await removeFolder(parent, 0);
    } catch {
      /* still holds processes: left as it is */
    }
  }
}

class Group implements GradeGroup {
  constructor(
    readonly name: string,
    private readonly version: "v1" | "v2",
    /** The group's folder for memory first, then cpu (when managed). */
    private readonly dirs: string[],
  ) {}

  limit(limits: GroupLimits): void {
    const [memory] = this.dirs;
    if (this.version === "v1") {
      // TCP first: on v1 it is counted apart, and the limit turns that counting on.
      const tcp = path.join(memory!, "memory.kmem.tcp.limit_in_bytes");
      if (existsSync(tcp)) write(tcp, String(limits.tcpBytes));
      const memsw = path.join(memory!, "memory.memsw.limit_in_bytes");
      // With swap, memsw bounds memory + swap: raised before the memory limit it must not go under.
      if (existsSync(memsw)) {
        write(memsw, "-1");
        write(path.join(memory!, "memory.limit_in_bytes"), String(limits.memoryBytes));
        write(memsw, String(limits.memoryBytes));
      } else write(path.join(memory!, "memory.limit_in_bytes"), String(limits.memoryBytes));
    } else {
      write(path.join(memory!, "memory.max"), String(limits.memoryBytes + limits.tcpBytes));
      const swap = path.join(memory!, "memory.swap.max");
      if (existsSync(swap)) write(swap, "0");
    }
  }

  async place(pid: number): Promise<void> {
    const queue = [pid];
    while (queue.length > 0) {
      const next = queue.shift()!;
      let moved = false;
      for (const dir of this.dirs) {
        try {
          await writeFile(path.join(dir, "cgroup.procs"), String(next));
          moved = true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "ESRCH") break; // exited meanwhile
          throw new CgroupError(
            `could not move process ${next} into ${dir}: ${(error as Error).message}`,
          );
        }
      }
      if (moved) queue.push(...childrenOf(next));
    }
  }

  oomKills(): number {
    const [memory] = this.dirs;
    return this.version === "v1"
      ? field(path.join(memory!, "memory.oom_control"), "oom_kill")
      : field(path.join(memory!, "memory.events"), "oom_kill");
  }

  async remove(): Promise<void> {
    for (const dir of this.dirs) await removeFolder(dir);
  }
}

class Manager implements CgroupManager {
  private serial = 0;

  constructor(
    readonly version: "v1" | "v2",
    /** The runner's parent folders: memory first, then cpu when it is managed apart (v1). */
    private readonly parents: string[],
    private readonly cpuWeight: { file: string; value: string } | null,
  ) {}

  get where(): string {
    return this.parents.join(" and ");
  }

  create(limits: GroupLimits): GradeGroup {
    const name = `g${++this.serial}`;
    const dirs: string[] = [];
    try {
      for (const parent of this.parents) {
        const dir = path.join(parent, name);
        mkdirSync(dir);
        dirs.push(dir);
      }
      if (this.cpuWeight) write(path.join(dirs.at(-1)!, this.cpuWeight.file), this.cpuWeight.value);
      const group = new Group(name, this.version, dirs);
      group.limit(limits);
      return group;
    } catch (error) {
      for (const dir of dirs) {
        try {
          rmdirSync(dir);
        } catch {
          /* left for the runner's close */
        }
      }
      throw error instanceof CgroupError ? error : new CgroupError((error as Error).message);
    }
  }

  async close(): Promise<void> {
    for (const parent of this.parents) {
      try {
        for (const child of readdirSync(parent, { withFileTypes: true }))
          if (child.isDirectory()) await removeFolder(path.join(parent, child.name));
        await removeFolder(parent);
      } catch {
        /* a grade's process still exiting past the retries: removed by the next start */
      }
    }
  }
}

function writable(dir: string): boolean {
  return existsSync(path.join(dir, "cgroup.procs"));
}

async function v1Manager(
  v1: Map<string, { mount: string; own: string }>,
  system: CgroupSystem,
  name: string,
): Promise<CgroupManager> {
  const memory = v1.get("memory");
  if (!memory) throw new CgroupError("cgroup v1 without a memory controller");
  const memoryBase = path.join(memory.mount, memory.own);
  if (!writable(memoryBase)) throw new CgroupError(`${memoryBase} is not a cgroup folder`);
  await removeStale(memoryBase, system);
  const parents = [path.join(memoryBase, name)];
  try {
    mkdirSync(parents[0]!);
  } catch (error) {
    throw new CgroupError(
      `cannot make a memory cgroup in ${memoryBase}: ${(error as Error).message}`,
    );
  }
  let cpuWeight: { file: string; value: string } | null = null;
  const cpu = v1.get("cpu");
  // The cpu controller, when mounted apart from memory: equal shares per grade. Optional.
  if (cpu && cpu.mount !== memory.mount) {
    const cpuBase = path.join(cpu.mount, cpu.own);
    await removeStale(cpuBase, system);
    try {
      mkdirSync(path.join(cpuBase, name));
      parents.push(path.join(cpuBase, name));
      // The runner's grades together weigh as much as one busy process per core would.
      write(path.join(cpuBase, name, "cpu.shares"), String(1024 * RUNNER_CPU_WEIGHT_PER_CORE()));
      cpuWeight = { file: "cpu.shares", value: "1024" };
    } catch {
      /* memory only */
    }
  }
  return new Manager("v1", parents, cpuWeight);
}

function controllers(file: string): Set<string> {
  try {
    return new Set(read(file).split(/\s+/).filter(Boolean));
  } catch {
    return new Set();
  }
}

async function v2Manager(
  v2: { mount: string; own: string },
  system: CgroupSystem,
  name: string,
): Promise<CgroupManager> {
  const own = path.join(v2.mount, v2.own);
  if (!controllers(path.join(own, "cgroup.controllers")).has("memory"))
    throw new CgroupError(
      `the memory controller is not available in ${own} (not delegated: with systemd, Delegate=yes)`,
    );
  // No process may sit in a group whose controllers are handed down (v2's rule): the server's
  // own processes go to a leaf of their own first, unless that was done already.
  if (!controllers(path.join(own, "cgroup.subtree_control")).has("memory")) {
    const leaf = path.join(own, "pydojo-server");
    try {
      if (!existsSync(leaf)) mkdirSync(leaf);
      for (const pid of read(path.join(own, "cgroup.procs")).split("\n").filter(Boolean))
        writeFileSync(path.join(leaf, "cgroup.procs"), pid);
    } catch (error) {
      throw new CgroupError(`cannot make or fill ${leaf}: ${(error as Error).message}`);
    }
    const wanted = ["memory", "cpu"].filter((c) =>
      controllers(path.join(own, "cgroup.controllers")).has(c),
    );
    write(path.join(own, "cgroup.subtree_control"), wanted.map((c) => `+${c}`).join(" "));
  }
  await removeStale(own, system);
  const parent = path.join(own, name);
  try {
    mkdirSync(parent);
  } catch (error) {
    throw new CgroupError(`cannot make a cgroup in ${own}: ${(error as Error).message}`);
  }
  const available = controllers(path.join(parent, "cgroup.controllers"));
  const wanted = ["memory", "cpu"].filter((c) => available.has(c));
  try {
    write(path.join(parent, "cgroup.subtree_control"), wanted.map((c) => `+${c}`).join(" "));
    if (available.has("cpu"))
      write(
        path.join(parent, "cpu.weight"),
        String(Math.min(10000, 100 * RUNNER_CPU_WEIGHT_PER_CORE())),
      );
  } catch (error) {
    rmdirSync(parent);
    throw error;
  }
  return new Manager(
    "v2",
    [parent],
    available.has("cpu") ? { file: "cpu.weight", value: "100" } : null,
  );
}

/**
 * The cgroup manager for a runner, or why there is none. Never throws: without cgroups the
 * runner grades as before. `PYDOJO_CGROUPS=0` turns them off.
 */
export async function openCgroups(
  system: CgroupSystem | null = null,
): Promise<{ manager: CgroupManager; reason: null } | { manager: null; reason: string }> {
  if (process.env.PYDOJO_CGROUPS === "0") return { manager: null, reason: "PYDOJO_CGROUPS=0" };
  try {
    const sys = system ?? realSystem();
    const { v1, v2 } = hierarchies(sys);
    const name = `pydojo-${sys.pid}-${++runnersInProcess}`;
    if (v1.has("memory")) return { manager: await v1Manager(v1, sys, name), reason: null };
    if (v2) return { manager: await v2Manager(v2, sys, name), reason: null };
    return { manager: null, reason: "no cgroup memory controller is mounted" };
  } catch (error) {
    return { manager: null, reason: (error as Error).message };
  }
}

/** A process's PIDs from the machine's PID namespace inward (`NSpid` in /proc/<pid>/status). */
export function nsPids(pid: number): number[] | null {
  try {
    const match = /^NSpid:\s+(.*)$/m.exec(read(`/proc/${pid}/status`));
    return match ? match[1]!.trim().split(/\s+/).map(Number) : null;
  } catch {
    return null;
  }
}

/**
 * The first process below `root` (at most `depth` generations down) whose `NSpid` passes
 * `test`: how the runner finds, in its own PID namespace, a process the fork server names by
 * its PID in the sandbox's namespace.
 */
export function findDescendant(
  root: number,
  test: (pids: number[]) => boolean,
  depth: number,
): number | null {
  let generation = [root];
  for (let i = 0; i < depth && generation.length > 0; i++) {
    const next: number[] = [];
    for (const pid of generation) {
      for (const child of childrenOf(pid)) {
        const pids = nsPids(child);
        if (pids && test(pids)) return child;
        next.push(child);
      }
    }
    generation = next;
  }
  return null;
}
