/**
 * The sandbox's fork server, seen from Node (docs/decisions/0012-fork-server.md): one warm,
 * fully imported Python process (harness/pydojo_harness/zygote.py) inside a bubblewrap sandbox,
 * asked for a *slot* per grade. Each slot is a fork with its own mount, PID, network, IPC and UTS
 * namespaces, private tmpfs, its own uid from the runner's pool and the same judge/host split as
 * a judge started afresh. The slot connects back to a Unix socket in a private folder; its judge
 * reads the job on that connection and writes the verdict on it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { findDescendant } from "./cgroup.js";
import type { Collected, StartedJudge } from "./python-process.js";

const MB = 1024 * 1024;
const MAX_RESULT_BYTES = 32 * MB;
const MAX_STDERR_BYTES = 64 * 1024;
const KINDS = ["job", "subject", "err"] as const;
type Kind = (typeof KINDS)[number];

export interface ZygoteCommand {
  /** bubblewrap, and its whole command line for a folder of slots. */
  command: string;
  args: (gradesDir: string) => string[];
}

interface ExitReport {
  code: number | null;
  signal: number | null;
}

/**
 * Slot folders still there when the process exits (a runner never closed) are removed then;
 * bubblewrap's --die-with-parent ends the zygote and its slots. One exit hook for them all.
 */
const openGradeDirs = new Set<string>();
function leftOnExit(dir: string): void {
  if (openGradeDirs.size === 0)
    process.once("exit", () => {
      for (const left of openGradeDirs) rmSync(left, { recursive: true, force: true });
    });
  openGradeDirs.add(dir);
}

/** One grade's sandbox, forked and connected, waiting for its job. */
class Slot implements StartedJudge {
  private readonly sockets = new Map<Kind, net.Socket>();
  private exit: ExitReport | null = null;
  private readonly verdict: Buffer[] = [];
  private verdictBytes = 0;
  private readonly err: Buffer[] = [];
  private errBytes = 0;
  private timedOut = false;
  private closedSockets = 0;
  /** The result is in: the judge has closed its end after its verdict, or the grade has ended. */
  private readonly settled: Promise<void>;
  private settle!: () => void;
  /** Every process of the grade is gone (reported by the zygote). */
  private readonly gone: Promise<void>;
  private markGone!: () => void;
  readonly connected: Promise<boolean>;
  private connect!: (ok: boolean) => void;
  /**
   * The slot's PID 1 is in the grade's cgroup (or there is none to move it to): until then the
   * slot waits, before it forks the learner's host or reads its job (zygote.py, `_wait_until_placed`).
   */
  readonly placed: Promise<void>;
  markPlaced!: () => void;

  constructor(
    readonly token: string,
    private readonly zygote: Zygote,
    /** Moves the slot's PID 1 (in the runner's PID namespace) into the grade's cgroup. */
    readonly place: ((pid: number) => Promise<void>) | null,
  ) {
    this.placed = new Promise((resolve) => (this.markPlaced = resolve));
    if (!place) this.markPlaced();
    this.settled = new Promise((resolve) => (this.settle = resolve));
    this.gone = new Promise((resolve) => (this.markGone = resolve));
    this.connected = new Promise((resolve) => (this.connect = resolve));
  }

  get alive(): boolean {
    return this.exit === null && this.sockets.size === KINDS.length && this.zygote.running;
  }

  attach(kind: Kind, socket: net.Socket, rest: Buffer): void {
    if (this.sockets.has(kind) || this.exit) {
      socket.destroy();
      return;
    }
    this.sockets.set(kind, socket);
    const onData = (chunk: Buffer) => {
      if (kind === "job") {
        if (this.verdictBytes < MAX_RESULT_BYTES) this.verdict.push(chunk);
        this.verdictBytes += chunk.length;
      } else if (kind === "err") {
        if (this.errBytes < MAX_STDERR_BYTES) this.err.push(chunk);
        this.errBytes += chunk.length;
      }
    };
    if (rest.length) onData(rest);
    socket.on("data", onData);
    // Nothing goes that way: the end of it tells the slot it may go on (it is in its cgroup).
    if (kind === "err") void this.placed.then(() => socket.end());
    socket.on("error", () => {
      /* the grade's end is reported by the zygote */
    });
    socket.on("close", () => {
      this.closedSockets++;
      // A judge that wrote its verdict and closed the connection is done: no need to wait for
      // the kernel to tear down its namespaces (which `gone` waits for, before the uid is reused).
      if (kind === "job" && this.verdictComplete()) this.settle();
      this.check();
    });
    if (this.sockets.size === KINDS.length) this.connect(true);
  }

  /** Whether a whole framed record came in (header, then exactly its length). */
  private verdictComplete(): boolean {
    if (this.verdictBytes === 0 || this.verdictBytes > MAX_RESULT_BYTES) return false;
    const data = Buffer.concat(this.verdict);
    const newline = data.indexOf(10);
    const header = /^PYDOJO-VERDICT [0-9a-f]{32} (\d{1,10})$/.exec(
      data.subarray(0, Math.max(newline, 0)).toString("latin1"),
    );
    return header !== null && data.length === newline + 1 + Number(header[1]);
  }

  exited(report: ExitReport): void {
    if (this.exit) return;
    this.exit = report;
    this.markPlaced();
    this.connect(false);
    this.markGone();
    this.check();
    // Sockets the slot never opened, or that the kernel has not closed yet, do not hold the
    // result back for long: everything in the grade's namespace is gone once it has exited.
    setTimeout(() => {
      for (const socket of this.sockets.values()) socket.destroy();
      this.settle();
    }, 2000).unref();
  }

  private check(): void {
    if (this.exit && this.closedSockets >= this.sockets.size) this.settle();
  }

  async run(
    input: string,
    timeoutMs: number,
    signal?: AbortSignal,
    subject?: string,
  ): Promise<Collected> {
    const timer = setTimeout(() => {
      this.timedOut = true;
      this.kill();
    }, timeoutMs);
    const onAbort = () => this.kill();
    signal?.addEventListener("abort", onAbort, { once: true });
    const job = this.sockets.get("job");
    const subjectSocket = this.sockets.get("subject");
    subjectSocket?.end(subject ?? "");
    job?.end(input);
    if (!job) this.kill();
    try {
      await this.settled;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
    const exit = this.exit ?? { code: 0, signal: null };
    const signalName =
      exit.signal === null
        ? null
        : ((Object.entries(os.constants.signals).find(
            ([, n]) => n === exit.signal,
          )?.[0] as NodeJS.Signals) ?? "SIGKILL");
    return {
      verdict:
        this.verdictBytes <= MAX_RESULT_BYTES ? Buffer.concat(this.verdict) : Buffer.alloc(0),
      stdout: "",
      stderr: Buffer.concat(this.err).toString("utf8").slice(0, MAX_STDERR_BYTES),
      code: exit.code,
      signal: signalName,
      timedOut: this.timedOut,
      spawnError: job ? null : new Error(this.zygote.failure() ?? "the sandbox slot did not start"),
    };
  }

  kill(): void {
    if (!this.exit) this.zygote.send({ op: "kill", token: this.token });
  }

  /** Resolves once the slot's processes are all gone (its uid can be reused). */
  async ended(): Promise<void> {
    this.kill();
    await this.gone;
  }
}

/**
 * The zygote process and its socket. `start()` resolves when it has imported everything, or
 * rejects with what it printed if it could not start.
 */
export class Zygote {
  private child: ChildProcess | null = null;
  private server: net.Server | null = null;
  private readonly slots = new Map<string, Slot>();
  private readonly gradesDir: string;
  private stderr = "";
  private launching: Promise<void> | null = null;
  running = false;
  /** Whether it has ever started here (a later stop is an incident, not a missing feature). */
  everStarted = false;
  /** The zygote's PID in the runner's namespace (and in its own), found when a slot needs it. */
  private zygotePid: { own: number; host: number | null } | null = null;

  constructor(private readonly spec: ZygoteCommand) {
    this.gradesDir = mkdtempSync(path.join(os.tmpdir(), "pydojo-grades-"));
    chmodSync(this.gradesDir, 0o711);
    leftOnExit(this.gradesDir);
  }

  /** The folder whose `<slot>/solution` a slot sees as /solution. */
  solutionDir(slot: string): string {
    return path.join(this.gradesDir, slot, "solution");
  }

  failure(): string | null {
    return this.stderr.trim() ? this.stderr.trim().split("\n").slice(-5).join("\n") : null;
  }

  /** Starts the zygote if it is not running (again, if it died). */
  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.launching ??= this.launch().finally(() => (this.launching = null));
    return this.launching;
  }

  private async launch(): Promise<void> {
    if (!this.server) {
      const server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
      const socketPath = path.join(this.gradesDir, "zygote.sock");
      rmSync(socketPath, { force: true });
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(socketPath, () => resolve());
      });
      chmodSync(socketPath, 0o600);
      this.server = server;
    }
    this.stderr = "";
    const child = spawn(this.spec.command, [...this.spec.args(this.gradesDir)], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { PATH: "/usr/bin:/bin" },
    });
    this.child = child;
    child.stdin!.on("error", () => {
      /* reported through its exit */
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      if (this.stderr.length < MAX_STDERR_BYTES) this.stderr += chunk.toString("utf8");
    });
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code, signal) => {
        this.running = false;
        for (const slot of this.slots.values()) slot.exited({ code: null, signal: 9 });
        this.slots.clear();
        reject(
          new Error(
            `the sandbox's fork server stopped (exit ${code ?? signal})${this.failure() ? `: ${this.failure()}` : ""}`,
          ),
        );
      });
      lines.on("line", (line) => {
        let message: {
          op?: string;
          token?: string;
          code?: number | null;
          signal?: number | null;
          pid?: number;
        };
        try {
          message = JSON.parse(line);
        } catch {
          return;
        }
        if (message.op === "ready") {
          this.zygotePid =
            typeof message.pid === "number" ? { own: message.pid, host: null } : null;
          this.running = true;
          this.everStarted = true;
          resolve();
        } else if (message.op === "forked" && typeof message.token === "string") {
          const slot = this.slots.get(message.token);
          if (slot && typeof message.pid === "number") void this.placeSlot(slot, message.pid);
        } else if (message.op === "exit" && typeof message.token === "string") {
          const slot = this.slots.get(message.token);
          this.slots.delete(message.token);
          slot?.exited({ code: message.code ?? null, signal: message.signal ?? null });
        }
      });
    });
  }

  /**
   * Moves a slot's PID 1 (`pid` in the zygote's namespace) into its grade's cgroup, found
   * through the zygote's children by `NSpid`; then lets the slot go on. A slot that cannot be
   * moved grades without its group (said on stderr), as on a machine without cgroups.
   */
  private async placeSlot(slot: Slot, pid: number): Promise<void> {
    if (!slot.place) return;
    try {
      const zygote = this.zygotePid;
      const child = this.child?.pid;
      if (!zygote || child === undefined) throw new Error("the fork server did not say its PID");
      // bubblewrap, its PID 1, then the zygote: in its namespace, the PID it reported.
      zygote.host ??= findDescendant(
        child,
        (pids) => pids.length === 2 && pids[1] === zygote.own,
        3,
      );
      const host =
        zygote.host === null
          ? null
          : findDescendant(zygote.host, (pids) => pids.length === 3 && pids[1] === pid, 1);
      if (host === null) throw new Error(`slot ${pid} not found among the fork server's children`);
      await slot.place(host);
    } catch (error) {
      process.stderr.write(
        `pydojo: a grade's sandbox could not be moved into its cgroup, so it runs without one: ${(error as Error).message}\n`,
      );
    } finally {
      slot.markPlaced();
    }
  }

  private readonly connections = new Set<net.Socket>();

  private accept(socket: net.Socket): void {
    this.connections.add(socket);
    socket.once("close", () => this.connections.delete(socket));
    let header = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), 5000);
    const onData = (chunk: Buffer) => {
      header = Buffer.concat([header, chunk]);
      const newline = header.indexOf(10);
      if (newline < 0) {
        if (header.length > 64) socket.destroy();
        return;
      }
      socket.off("data", onData);
      clearTimeout(timer);
      const match = /^([0-9a-f]{32}) (job|subject|err)$/.exec(
        header.subarray(0, newline).toString("latin1"),
      );
      const slot = match ? this.slots.get(match[1]!) : undefined;
      if (!match || !slot) {
        socket.destroy();
        return;
      }
      slot.attach(match[2] as Kind, socket, header.subarray(newline + 1));
    };
    socket.on("data", onData);
    socket.on("error", () => socket.destroy());
  }

  send(message: object): void {
    if (this.running) this.child?.stdin?.write(JSON.stringify(message) + "\n");
  }

  /**
   * Forks a slot for one grade with `uid`; resolves when its sandbox is built and connected
   * (or has failed: then `alive` is false and its run reports why). `copyAhead`: its host copies
   * the zygote's pages before the job comes, as its judge always does (prefork.copy_ahead).
   */
  async fork(
    uid: number,
    place: ((pid: number) => Promise<void>) | null = null,
    copyAhead = true,
  ): Promise<{ judge: StartedJudge; slot: string; ended(): Promise<void> }> {
    const token = randomBytes(16).toString("hex");
    const slotName = token.slice(0, 12);
    await mkdir(this.solutionDir(slotName), { recursive: true, mode: 0o755 });
    const slot = new Slot(token, this, place);
    try {
      await this.start();
      this.slots.set(token, slot);
      this.send({ op: "fork", token, uid, slot: slotName, copy_ahead: copyAhead });
    } catch {
      slot.exited({ code: null, signal: 9 });
    }
    await slot.connected;
    await slot.placed;
    return {
      judge: slot,
      slot: slotName,
      ended: async () => {
        await slot.ended();
        // Off the event loop: a synchronous removal cost it about 1 ms per grade.
        await rm(path.join(this.gradesDir, slotName), { recursive: true, force: true });
      },
    };
  }

  async close(): Promise<void> {
    for (const slot of this.slots.values()) slot.kill();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await gone;
    }
    this.running = false;
    for (const socket of this.connections) socket.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    rmSync(this.gradesDir, { recursive: true, force: true });
    openGradeDirs.delete(this.gradesDir);
  }
}
