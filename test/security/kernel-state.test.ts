/**
 * Kernel memory and kernel state a grade could hold or leave behind (docs/security.md, "Memory
 * no rlimit counts" and "Kernel state between grades"), run for real through bubblewrap with
 * the fork server and with a sandbox started per grade:
 * - socket buffers made larger than the default (setsockopt SO_SNDBUF/SO_RCVBUF and their FORCE
 *   variants) are refused, other socket options still work;
 * - SysV message queues are refused;
 * - keyrings are refused, and a key one grade tried to leave is not found by a later grade
 *   running as the same pool uid;
 * - io_uring, userfaultfd, perf_event_open and bpf are refused;
 * - under the fork server, TCP's buffers stay at the socket default however much goes through;
 * - under the fork server, the learner's process holds no other slot's token (the zygote's
 *   control bytes) in the frames and objects it inherited.
 */
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeResult } from "../../src/core/result.js";
import { DEFAULT_LIMITS } from "../../src/runners/runner.js";
import { SandboxRunner } from "../../src/runners/sandbox-runner.js";
import { forEachSandbox, oneFileJob } from "./sandbox-modes.js";

const x86 = os.arch() === "x64";
const asRoot = process.getuid?.() === 0;
const MARK = `pdjkey${process.pid}x${Date.now()}`;

const output = (r: GradeResult, name: string) =>
  r.tests.find((t) => t.name === name)?.output?.trim() ?? "";

const ATTEMPTS = `import ctypes, errno, json, os, socket

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def _errno(result):
    return "allowed" if result >= 0 else errno.errorcode.get(ctypes.get_errno(), "?")


def socket_buffers():
    out = {}
    a, b = socket.socketpair()
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    for name, opt in (("SO_SNDBUF", 7), ("SO_RCVBUF", 8), ("SO_SNDBUFFORCE", 32), ("SO_RCVBUFFORCE", 33)):
        for kind, s in (("unix", a), ("tcp", tcp)):
            try:
                s.setsockopt(socket.SOL_SOCKET, opt, 1 << 24)
                out[f"{kind} {name}"] = "allowed"
            except PermissionError:
                out[f"{kind} {name}"] = "EPERM"
            except OSError as exc:
                out[f"{kind} {name}"] = f"other {exc}"
    # Other options, and reading the buffer size, still work.
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    a.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    out["getsockopt SO_SNDBUF"] = a.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) > 0
    # A loopback server and client still talk.
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen()
    client = socket.create_connection(server.getsockname())
    peer, _ = server.accept()
    client.sendall(b"ping")
    out["loopback"] = peer.recv(4).decode()
    for s in (a, b, tcp, server, client, peer):
        s.close()
    return out


def tcp_buffers():
    """A loopback connection that streams 8 MB each way (the kernel grows a TCP socket's buffers
    as it goes), then its buffer sizes and the machine's defaults."""
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    client = socket.create_connection(server.getsockname())
    peer, _ = server.accept()
    block = b"x" * (1 << 20)

    def pump(out, into):
        def drain():
            got = 0
            while got < 8 * len(block):
                got += len(into.recv(1 << 20))
        reader = threading.Thread(target=drain)
        reader.start()
        for _ in range(8):
            out.sendall(block)
        reader.join()

    pump(client, peer)
    pump(peer, client)
    sizes = {}
    for name, s in (("client", client), ("peer", peer)):
        sizes[name] = [s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF), s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)]
    for s in (client, peer, server):
        s.close()
    with open("/proc/sys/net/core/wmem_default") as f:
        wmem = int(f.read())
    with open("/proc/sys/net/core/rmem_default") as f:
        rmem = int(f.read())
    return {"sizes": sizes, "defaults": [wmem, rmem]}


def message_queues():
    IPC_PRIVATE, IPC_CREAT, IPC_NOWAIT, IPC_RMID = 0, 0o1000, 0o4000, 0
    out = {"msgget": _errno(libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o600))}
    buf = ctypes.create_string_buffer(8 + 64)
    ctypes.memmove(buf, (1).to_bytes(8, "little"), 8)
    # On a queue id that may exist (0): refused before the kernel looks.
    out["msgsnd"] = _errno(libc.msgsnd(0, buf, 64, IPC_NOWAIT))
    out["msgrcv"] = _errno(libc.msgrcv(0, buf, 64, 0, IPC_NOWAIT))
    out["msgctl"] = _errno(libc.msgctl(0, IPC_RMID, None))
    return out


def others():
    out = {}
    params = ctypes.create_string_buffer(120)
    out["io_uring_setup"] = _errno(libc.syscall(425, 8, params))
    out["io_uring_enter"] = _errno(libc.syscall(426, 0, 0, 0, 0, None, 0))
    out["io_uring_register"] = _errno(libc.syscall(427, 0, 0, None, 0))
    out["userfaultfd"] = _errno(libc.syscall(323, 0))
    attr = ctypes.create_string_buffer(128)
    ctypes.memmove(attr, (1).to_bytes(4, "little") + (128).to_bytes(4, "little"), 8)  # software, size
    out["perf_event_open"] = _errno(libc.syscall(298, attr, 0, -1, -1, 0))
    out["bpf"] = _errno(libc.syscall(321, 0, ctypes.create_string_buffer(128), 128))
    return out


ADD_KEY, REQUEST_KEY, KEYCTL = 248, 249, 250
KEYCTL_GET_KEYRING_ID, KEYCTL_SEARCH, KEYCTL_READ = 0, 10, 11
RINGS = {"session": -3, "user": -4, "user-session": -5}


def leave(mark):
    """Tries to add a key named mark to each keyring."""
    payload = ("left by uid %d" % os.getuid()).encode()
    done = {}
    for name, ring in RINGS.items():
        done[name] = _errno(
            libc.syscall(ADD_KEY, b"user", mark.encode(), payload, ctypes.c_size_t(len(payload)), ctypes.c_long(ring))
        )
    done["request_key"] = _errno(libc.syscall(REQUEST_KEY, b"user", mark.encode(), None, ctypes.c_long(0)))
    done["keyctl"] = _errno(libc.syscall(KEYCTL, ctypes.c_long(KEYCTL_GET_KEYRING_ID), ctypes.c_long(-4), ctypes.c_long(0)))
    return {"uid": os.getuid(), "done": done}


def find(mark):
    """Looks for a key named mark in each keyring; what it holds if found."""
    found = {}
    for name, ring in RINGS.items():
        key = libc.syscall(KEYCTL, ctypes.c_long(KEYCTL_SEARCH), ctypes.c_long(ring), b"user", mark.encode(), ctypes.c_long(0))
        if key < 0:
            found[name] = _errno(key)
            continue
        buf = ctypes.create_string_buffer(256)
        n = libc.syscall(KEYCTL, ctypes.c_long(KEYCTL_READ), ctypes.c_long(key), buf, ctypes.c_long(256), ctypes.c_long(0))
        found[name] = buf.raw[: max(n, 0)].decode(errors="replace")
    return {"uid": os.getuid(), "found": found}
`;

const TESTS = `import json
from solution import socket_buffers, message_queues, others

def test_socket_buffers():
    print(json.dumps(socket_buffers()))

def test_message_queues():
    print(json.dumps(message_queues()))

def test_others():
    print(json.dumps(others()))
`;

const TCP_TESTS = `import json
from solution import tcp_buffers

def test_tcp_buffers():
    print(json.dumps(tcp_buffers()))
`;

const job = (tests: string) =>
  oneFileJob(ATTEMPTS, tests, { ...DEFAULT_LIMITS, testTimeoutSeconds: 10, timeoutSeconds: 30 });

forEachSandbox(
  "kernel memory and state a grade could hold",
  (runner) => {
    it("refuses larger socket buffers, message queues, io_uring, userfaultfd, perf and bpf", async () => {
      const r = await runner().grade(job(TESTS));
      expect(r.status, JSON.stringify(r.tests.map((t) => [t.name, t.message]))).toBe("pass");
      const buffers = JSON.parse(output(r, "socket_buffers"));
      for (const kind of ["unix", "tcp"]) {
        for (const name of ["SO_SNDBUF", "SO_RCVBUF", "SO_SNDBUFFORCE", "SO_RCVBUFFORCE"]) {
          expect(buffers[`${kind} ${name}`], `${kind} ${name}`).toBe("EPERM");
        }
      }
      expect(buffers["getsockopt SO_SNDBUF"]).toBe(true);
      expect(buffers.loopback).toBe("ping");
      expect(JSON.parse(output(r, "message_queues"))).toEqual({
        msgget: "EPERM",
        msgsnd: "EPERM",
        msgrcv: "EPERM",
        msgctl: "EPERM",
      });
      expect(JSON.parse(output(r, "others"))).toEqual({
        io_uring_setup: "EPERM",
        io_uring_enter: "EPERM",
        io_uring_register: "EPERM",
        userfaultfd: "EPERM",
        perf_event_open: "EPERM",
        bpf: "EPERM",
      });
    }, 60_000);

    // A sandbox started per grade cannot set its network namespace's TCP limits (bubblewrap
    // drops every capability before the judge starts): a known limit (docs/security.md).
    it("keeps TCP's buffers at the socket default, however much goes through (fork server)", async (ctx) => {
      if (runner().mode !== "fork") ctx.skip();
      const r = await runner().grade(job(TCP_TESTS));
      expect(r.status, JSON.stringify(r.tests.map((t) => [t.name, t.message]))).toBe("pass");
      const { sizes, defaults } = JSON.parse(output(r, "tcp_buffers")) as {
        sizes: Record<string, [number, number]>;
        defaults: [number, number];
      };
      for (const [send, receive] of Object.values(sizes)) {
        expect(send).toBeLessThanOrEqual(defaults[0]);
        expect(receive).toBeLessThanOrEqual(defaults[1]);
      }
    }, 60_000);

    it("refuses keyrings: a key one grade tried to leave is not found by the next with its uid", async () => {
      const leaver = `import json\nfrom solution import leave\n\ndef test_leave():\n    print(json.dumps(leave("${MARK}")))\n`;
      const looker = `import json\nfrom solution import find\n\ndef test_find():\n    print(json.dumps(find("${MARK}")))\n`;
      const a = await runner().grade(job(leaver));
      const left = JSON.parse(output(a, "leave")) as { uid: number; done: Record<string, string> };
      expect(left.done).toEqual({
        session: "EPERM",
        user: "EPERM",
        "user-session": "EPERM",
        request_key: "EPERM",
        keyctl: "EPERM",
      });
      // The pool hands uids out in turn: once A's uid is back, put it first, so that the next
      // grade (or, with slots made ahead, one of the next few) runs as A's uid.
      const pool = runner() as unknown as { freeUids: number[] };
      let seen: { uid: number; found: Record<string, string> } | null = null;
      for (let i = 0; i < 8 && seen === null; i++) {
        for (let w = 0; w < 100 && !pool.freeUids.includes(left.uid); w++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const at = pool.freeUids.indexOf(left.uid);
        if (at > 0) pool.freeUids.unshift(...pool.freeUids.splice(at, 1));
        const b = await runner().grade(job(looker));
        const found = JSON.parse(output(b, "find"));
        if (found.uid === left.uid) seen = found;
      }
      expect(seen, "a later grade ran as A's uid").not.toBeNull();
      expect(JSON.stringify(seen!.found)).not.toContain("left by uid");
      expect(seen!.found).toEqual({ session: "EPERM", user: "EPERM", "user-session": "EPERM" });
    }, 120_000);
  },
  !x86,
);

const TOKENS = `import gc, re, sys, threading

HEX = re.compile(r"[0-9a-f]{32}")


def _texts(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        yield bytes(value).decode("latin-1")
    elif isinstance(value, str):
        yield value


def tokens_seen():
    """Every 32-hex string the learner's process holds in a frame (of any thread, up to the
    zygote's) or in an object the collector tracks, and where."""
    found = {}

    def look(value, where):
        for text in _texts(value):
            for token in HEX.findall(text):
                found.setdefault(token, where)

    for frame in list(sys._current_frames().values()):
        while frame is not None:
            for name, value in list(frame.f_locals.items()):
                look(value, f"{frame.f_code.co_filename.rsplit('/', 1)[-1]}:{frame.f_code.co_name}:{name}")
                if isinstance(value, (dict, list, tuple)):
                    for item in list(value.values() if isinstance(value, dict) else value):
                        look(item, f"{frame.f_code.co_name}:{name}[...]")
            frame = frame.f_back
    for obj in gc.get_objects():
        if isinstance(obj, dict):
            items = list(obj.keys()) + list(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            items = list(obj)
        else:
            continue
        for item in items:
            look(item, type(obj).__name__)
    return found
`;

describe.runIf(asRoot && x86)(
  "the fork server: the learner's process and other slots' tokens",
  () => {
    let runner: SandboxRunner;
    beforeAll(async () => {
      // Several slots made at once, so that the zygote reads several fork requests in one go.
      runner = new SandboxRunner({ fork: true, prestart: 4 });
      await runner.ready();
    }, 60_000);
    afterAll(async () => {
      await runner?.close();
    });

    it("holds no other slot's token in what it inherited from the zygote", async () => {
      expect(runner.mode).toBe("fork");
      const tests = `import json\nfrom solution import tokens_seen\n\ndef test_tokens():\n    print(json.dumps(tokens_seen()))\n`;
      for (let round = 0; round < 2; round++) {
        const grades = await Promise.all(
          [0, 1, 2, 3].map(() => runner.grade(oneFileJob(TOKENS, tests))),
        );
        for (const r of grades) {
          expect(r.status, JSON.stringify(r.tests.map((t) => [t.name, t.message]))).toBe("pass");
          const seen = JSON.parse(output(r, "tokens")) as Record<string, string>;
          // The grade's own token at most (its slot's locals), never another's.
          expect(Object.keys(seen).length, JSON.stringify(seen)).toBeLessThanOrEqual(1);
        }
      }
    }, 120_000);
  },
);
