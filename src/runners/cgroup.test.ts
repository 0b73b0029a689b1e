/**
 * The cgroup adapter's detection and layout on a stand-in file system (a temporary folder as the
 * cgroup mounts): v2 with a delegated subtree, v2 without, v1, and stale groups of a dead runner.
 * The real kernel is exercised by test/security/grade-cgroup.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openCgroups, type CgroupSystem } from "./cgroup.js";

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function folder(dir: string, files: Record<string, string> = {}): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "cgroup.procs"), "");
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
}

function system(selfCgroup: string, mounts: string): CgroupSystem {
  return { selfCgroup, mounts, pid: 4242, alive: (pid) => pid === 4242 };
}

describe("openCgroups", () => {
  it("on a delegated v2 subtree: moves the server to a leaf, hands memory and cpu down", async () => {
    root = mkdtempSync(path.join(os.tmpdir(), "pydojo-cg-"));
    const own = path.join(root, "system.slice/pydojo.service");
    folder(own, {
      "cgroup.controllers": "cpu memory pids",
      "cgroup.subtree_control": "",
      "cgroup.procs": "4242\n",
    });
    // A stale runner's groups (process 999 is gone) and a live one's (ours is alive).
    // (Empty folders: a real cgroup folder's files go with rmdir, a stand-in's would not.)
    mkdirSync(path.join(own, "pydojo-999-1/g3"), { recursive: true });
    folder(path.join(own, "pydojo-4242-7"));
    const opened = await openCgroups(
      system("0::/system.slice/pydojo.service\n", `cgroup2 ${root} cgroup2 rw 0 0\n`),
    );
    expect(opened.reason).toBeNull();
    expect(opened.manager?.version).toBe("v2");
    expect(readFileSync(path.join(own, "pydojo-server/cgroup.procs"), "utf8")).toBe("4242");
    expect(readFileSync(path.join(own, "cgroup.subtree_control"), "utf8")).toBe("+memory +cpu");
    expect(existsSync(path.join(own, "pydojo-999-1"))).toBe(false);
    expect(existsSync(path.join(own, "pydojo-4242-7"))).toBe(true);
    const parent = opened.manager!.where;
    expect(readFileSync(path.join(parent, "cgroup.subtree_control"), "utf8")).toBe("");
  });

  it("on v2 without the memory controller delegated: none, and why", async () => {
    root = mkdtempSync(path.join(os.tmpdir(), "pydojo-cg-"));
    folder(path.join(root, "user.slice"), { "cgroup.controllers": "cpu pids" });
    const opened = await openCgroups(
      system("0::/user.slice\n", `cgroup2 ${root} cgroup2 rw 0 0\n`),
    );
    expect(opened.manager).toBeNull();
    expect(opened.reason).toMatch(/memory controller is not available .*Delegate=yes/);
  });

  it("on v1: a parent per runner for memory and cpu; a group per grade with its limits", async () => {
    root = mkdtempSync(path.join(os.tmpdir(), "pydojo-cg-"));
    folder(path.join(root, "memory/app"));
    folder(path.join(root, "cpu"));
    const opened = await openCgroups(
      system(
        "4:memory:/app\n1:cpu,cpuacct:/\n0::/\n",
        `cgroup ${root}/memory cgroup rw,memory 0 0\ncgroup ${root}/cpu cgroup rw,cpu,cpuacct 0 0\n`,
      ),
    );
    const manager = opened.manager!;
    expect(manager.version).toBe("v1");
    const [memoryParent, cpuParent] = manager.where.split(" and ");
    expect(memoryParent).toMatch(/memory\/app\/pydojo-4242-\d+$/);
    expect(readFileSync(path.join(cpuParent!, "cpu.shares"), "utf8")).toBe(
      String(1024 * os.availableParallelism()),
    );
    const group = manager.create({ memoryBytes: 600 << 20, tcpBytes: 64 << 20 });
    expect(
      readFileSync(path.join(memoryParent!, group.name, "memory.limit_in_bytes"), "utf8"),
    ).toBe(String(600 << 20));
    expect(readFileSync(path.join(cpuParent!, group.name, "cpu.shares"), "utf8")).toBe("1024");
    expect(group.oomKills()).toBe(0);
    writeFileSync(
      path.join(memoryParent!, group.name, "memory.oom_control"),
      "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n",
    );
    expect(group.oomKills()).toBe(2);
  });

  it("moves a process into a group without blocking the event loop", async () => {
    root = mkdtempSync(path.join(os.tmpdir(), "pydojo-cg-"));
    folder(path.join(root, "memory/app"));
    folder(path.join(root, "cpu"));
    const { manager } = await openCgroups(
      system(
        "4:memory:/app\n1:cpu,cpuacct:/\n0::/\n",
        `cgroup ${root}/memory cgroup rw,memory 0 0\ncgroup ${root}/cpu cgroup rw,cpu,cpuacct 0 0\n`,
      ),
    );
    const group = manager!.create({ memoryBytes: 600 << 20, tcpBytes: 64 << 20 });
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      // On cgroup v1 the kernel holds a write to cgroup.procs for an RCU grace period (~12 ms):
      // made in a worker thread, other grades' messages are handled meanwhile.
      let ticked = false;
      setImmediate(() => (ticked = true));
      await group.place(child.pid!);
      expect(ticked).toBe(true);
      const [memoryParent, cpuParent] = manager!.where.split(" and ");
      for (const parent of [memoryParent!, cpuParent!])
        expect(readFileSync(path.join(parent, group.name, "cgroup.procs"), "utf8")).toBe(
          String(child.pid),
        );
    } finally {
      child.kill();
    }
  });

  it("with no cgroup mounted: none", async () => {
    root = mkdtempSync(path.join(os.tmpdir(), "pydojo-cg-"));
    const opened = await openCgroups(system("", ""));
    expect(opened).toEqual({ manager: null, reason: "no cgroup memory controller is mounted" });
  });
});
