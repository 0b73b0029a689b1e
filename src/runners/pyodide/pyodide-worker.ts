/**
 * The Node worker that hosts ONE Pyodide interpreter and grades ONE job with it (see
 * protocol.ts for the messages, pyodide-runner.ts for the design and the numbers).
 *
 * Limits enforced here, inside the worker:
 * - memory: the wasm import `emscripten_resize_heap` is wrapped (through the
 *   `createPyodideModule` option) so the heap never grows past the grade's cap; malloc then fails
 *   and Python raises MemoryError. Worker `resourceLimits` do not cap wasm memory.
 * - files: MEMFS keeps files in JS memory of this process, so `FS.write` and `FS.doTruncate` are
 *   wrapped: a file may not grow past the file-size limit (EFBIG) and all files together may not
 *   grow by more than the disk limit during a grade (ENOSPC).
 * - output: stdout/stderr outside the harness's per-test capture are counted and cut.
 * - crash: a Pyodide fatal error (e.g. deep C recursion) is reported as code "fatal".
 * Time limits and stopping are the host's job (interrupt buffer, then terminate).
 */
import { parentPort } from "node:worker_threads";
import { posix } from "node:path";
import { pathToFileURL } from "node:url";
import { loadPyodide, type PyodideInterface } from "pyodide";
import {
  interruptTarget,
  parseToWorker,
  WHOLE_RUN,
  type FromWorkerMessage,
  type GradeMessage,
  type GradeStats,
  type InitMessage,
} from "./protocol.js";
import { wasmApi, type WasmModule } from "./wasm.js";

if (!parentPort) throw new Error("pyodide-worker.js must be started as a worker thread");
const port = parentPort;

type PyodideConfig = NonNullable<Parameters<typeof loadPyodide>[0]>;
type CreateModuleFn = NonNullable<PyodideConfig["createPyodideModule"]>;

/** The parts of Emscripten's settings and wasm imports this worker touches. */
interface ModuleSettings {
  instantiateWasm?: (
    imports: { env: Record<string, unknown> },
    done: (...args: unknown[]) => void,
  ) => unknown;
}
interface FsNode {
  mode: number;
  usedBytes?: number;
}
interface FsStream {
  node: FsNode;
  position: number;
  flags: number;
}
interface PatchableFS {
  write(
    stream: FsStream,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position?: number,
    canOwn?: boolean,
  ): number;
  doTruncate(stream: FsStream | null, node: FsNode, len: number): void;
  isFile(mode: number): boolean;
  ErrnoError: new (errno: number) => Error;
}

/** Emscripten's (WASI) errno values. */
const EFBIG = 22;
const ENOSPC = 51;
const O_APPEND = 1024;

const state = {
  py: null as PyodideInterface | null,
  python: "",
  graded: false,
  /** Wasm heap cap in bytes; unlimited while loading. */
  heapCap: Number.POSITIVE_INFINITY,
  memoryLimitHit: false,
  fileSizeCap: Number.POSITIVE_INFINITY,
  diskCap: Number.POSITIVE_INFINITY,
  diskUsed: 0,
  fileLimitHit: false,
  /** The host's interrupt buffer (see protocol.ts): [0] Pyodide's signal, [1] its target. */
  interrupt: null as SharedArrayBuffer | null,
};

/** Output that did not go through the harness's capture, bounded. */
const output = {
  limit: 1024 * 1024,
  chunks: [] as Uint8Array[],
  kept: 0,
  truncated: false,
  reset(limit: number): void {
    this.limit = limit;
    this.chunks = [];
    this.kept = 0;
    this.truncated = false;
  },
  add(bytes: Uint8Array): void {
    const room = this.limit - this.kept;
    if (bytes.length > room) this.truncated = true;
    if (room <= 0) return;
    const part = bytes.length > room ? bytes.slice(0, room) : bytes.slice();
    this.chunks.push(part);
    this.kept += part.length;
  },
  text(): string {
    const all = new Uint8Array(this.kept);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    return new TextDecoder().decode(all);
  },
};

// Pyodide reports fatal errors on the console; keep them (bounded) for the error message instead
// of printing them into the host's output.
const encoder = new TextEncoder();
for (const method of ["log", "info", "warn", "error", "debug"] as const) {
  console[method] = (...args: unknown[]) => {
    output.add(
      encoder.encode(
        args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(" ") +
          "\n",
      ),
    );
  };
}

function send(message: FromWorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function stats(): GradeStats {
  let heapBytes = 0;
  try {
    const module = (state.py as unknown as { _module?: { HEAPU8?: Uint8Array } } | null)?._module;
    heapBytes = module?.HEAPU8?.length ?? 0;
  } catch {
    heapBytes = 0;
  }
  return {
    memoryLimitHit: state.memoryLimitHit,
    fileLimitHit: state.fileLimitHit,
    outputTruncated: output.truncated,
    output: output.text(),
    heapBytes,
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function isFatal(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { pyodide_fatal_error?: unknown }).pyodide_fatal_error === true
  );
}

/**
 * Makes Pyodide's next instantiation of its (multi-megabyte) main module use `module`, compiled
 * once by the host, instead of compiling the bytes it read. Pyodide offers no option for this:
 * `WebAssembly.instantiate` is replaced until that one call (small helper modules pass through).
 */
function useCompiledModule(module: WasmModule): void {
  const wasm = wasmApi();
  if (!wasm) return;
  const original = wasm.instantiate;
  wasm.instantiate = async (source, imports) => {
    const size =
      ArrayBuffer.isView(source) || source instanceof ArrayBuffer ? source.byteLength : 0;
    if (size < 1024 * 1024) {
      return original.call(wasm, source, imports);
    }
    wasm.instantiate = original;
    const instance = await original.call(wasm, module, imports);
    return { instance, module };
  };
}

/** Wraps Pyodide's module factory so the wasm heap cannot grow past `state.heapCap`. */
async function heapCappedModuleFactory(
  indexURL: string,
  module: WasmModule | null,
): Promise<CreateModuleFn> {
  const loaded: unknown = await import(pathToFileURL(posix.join(indexURL, "pyodide.asm.mjs")).href);
  const original = (loaded as { default?: unknown }).default;
  if (typeof original !== "function") throw new Error("pyodide.asm.mjs has no default export");
  const factory = (settings: ModuleSettings): unknown => {
    const instantiate = settings.instantiateWasm;
    if (typeof instantiate !== "function")
      throw new Error("Pyodide's settings have no instantiateWasm: cannot cap memory");
    settings.instantiateWasm = (imports, done) => {
      const resize = imports.env["emscripten_resize_heap"];
      if (typeof resize !== "function")
        throw new Error("wasm imports have no emscripten_resize_heap: cannot cap memory");
      imports.env["emscripten_resize_heap"] = (requested: number): unknown => {
        if (requested >>> 0 > state.heapCap) {
          state.memoryLimitHit = true;
          return false;
        }
        return (resize as (n: number) => unknown)(requested);
      };
      if (module) useCompiledModule(module);
      return instantiate(imports, done);
    };
    return (original as (s: ModuleSettings) => unknown)(settings);
  };
  return factory as unknown as CreateModuleFn;
}

/** Caps file sizes and total file growth (MEMFS lives in this process's memory). */
function capFiles(fs: PatchableFS): void {
  const write = fs.write.bind(fs);
  const doTruncate = fs.doTruncate.bind(fs);
  const grow = (node: FsNode, end: number): void => {
    if (!fs.isFile(node.mode)) return;
    const used = node.usedBytes ?? 0;
    if (end <= used) return;
    if (end > state.fileSizeCap) {
      state.fileLimitHit = true;
      throw new fs.ErrnoError(EFBIG);
    }
    if (state.diskUsed + (end - used) > state.diskCap) {
      state.fileLimitHit = true;
      throw new fs.ErrnoError(ENOSPC);
    }
    state.diskUsed += end - used;
  };
  fs.write = (stream, buffer, offset, length, position, canOwn) => {
    const node = stream.node;
    const start =
      typeof position === "number"
        ? position
        : stream.flags & O_APPEND
          ? (node.usedBytes ?? 0)
          : stream.position;
    grow(node, start + length);
    return write(stream, buffer, offset, length, position, canOwn);
  };
  fs.doTruncate = (stream, node, len) => {
    grow(node, len);
    doTruncate(stream, node, len);
  };
}

function writeFiles(
  py: PyodideInterface,
  root: string,
  files: readonly { path: string; content: string }[],
): void {
  for (const file of files) {
    const normal = posix.normalize(file.path);
    if (normal.startsWith("/") || normal === ".." || normal.startsWith("../")) {
      throw new Error(`file path outside its folder: ${file.path}`);
    }
    const target = posix.join(root, normal);
    py.FS.mkdirTree(posix.dirname(target));
    py.FS.writeFile(target, file.content);
  }
}

async function init(message: InitMessage): Promise<void> {
  const started = performance.now();
  const total = 4;
  send({ type: "progress", phase: message.snapshot ? "restoring" : "loading", loaded: 0, total });
  const py = await loadPyodide({
    indexURL: message.indexURL,
    createPyodideModule: await heapCappedModuleFactory(message.indexURL, message.wasmModule),
    ...(message.makeSnapshot ? { _makeSnapshot: true } : {}),
    ...(message.snapshot ? { _loadSnapshot: message.snapshot } : {}),
    stdout: (line: string) => output.add(encoder.encode(line + "\n")),
    stderr: (line: string) => output.add(encoder.encode(line + "\n")),
  });
  state.py = py;
  const sink = { write: (bytes: Uint8Array) => (output.add(bytes), bytes.length), isatty: false };
  py.setStdout(sink);
  py.setStderr(sink);
  if (!message.snapshot) {
    send({ type: "progress", phase: "importing", loaded: 1, total });
    for (const name of message.preImports) py.pyimport(name).destroy?.();
  }
  send({ type: "progress", phase: "harness", loaded: 2, total });
  writeFiles(py, message.harnessRoot, message.harnessFiles);
  const sys = py.pyimport("sys");
  if (!sys.path.__contains__(message.harnessRoot)) sys.path.insert(0, message.harnessRoot);
  state.python = String(sys.version.split(" ")[0]);
  sys.destroy();
  for (const name of message.warmImports) {
    try {
      py.pyimport(name).destroy?.();
    } catch {
      // Left out of the snapshot; a grade imports it again and reports the error.
    }
  }
  if (message.makeSnapshot) {
    send({ type: "progress", phase: "snapshot", loaded: 3, total });
    // Import-time garbage out and the rest frozen: a grade's collections then walk only what
    // the grade made, not the ~25,000 objects every grade starts with.
    py.runPython("import gc\ngc.collect()\ngc.freeze()");
    const snapshot = py.makeMemorySnapshot();
    const copy =
      snapshot.byteOffset === 0 && snapshot.byteLength === snapshot.buffer.byteLength
        ? snapshot
        : snapshot.slice();
    send({ type: "snapshot", snapshot: copy, loadMs: performance.now() - started }, [
      copy.buffer as ArrayBuffer,
    ]);
    return;
  }
  capFiles(py.FS as unknown as PatchableFS);
  if (message.interruptBuffer) {
    state.interrupt = message.interruptBuffer;
    py.setInterruptBuffer(new Int32Array(message.interruptBuffer, 0, 1));
  }
  send({
    type: "ready",
    loadMs: performance.now() - started,
    fromSnapshot: message.snapshot !== null,
    python: state.python,
  });
}

/**
 * Streams each test's records to the host as it finishes, so a hard stop (terminate) keeps the
 * completed tests and names the one that was running. It wraps the harness's per-test method;
 * if the harness has none, grading works the same without streaming.
 */
const HOOK_SOURCE = `
def _pydojo_install_hooks(started, finished, target):
    import json
    import signal
    import sys
    try:
        from pydojo_harness.execute import Executor
        from pydojo_harness.outcome import Outcome
    except ImportError:
        return False
    original = getattr(Executor, "_run_one", None)
    if original is None or getattr(original, "_pydojo_hook", False):
        return False
    running = {"seq": 0, "current": 0}

    def on_interrupt(signum, frame):
        wanted = target()
        # The grade's own limit (0) stops anything; a test's limit stops only that test, and
        # only while it runs: on a loaded machine the host's timer can fire after it ended.
        if wanted == 0 or wanted == running["current"]:
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_interrupt)

    def _run_one(self, item):
        running["seq"] += 1
        seq = running["seq"]
        try:
            started(seq, item.name, item.test_code or "", item.task_id)
        except Exception:
            pass
        saved = sys.stdout, sys.stderr
        running["current"] = seq
        try:
            records = original(self, item)
        except KeyboardInterrupt:
            # The test's limit reached it in the harness's own code around the test.
            running["current"] = 0
            sys.stdout, sys.stderr = saved
            stopped = Outcome("error", "timeout: the test was stopped (an infinite loop?)", limit="timeout")
            records = [self._record(item, stopped, "", 0.0)]
        running["current"] = 0
        try:
            finished(json.dumps(records))
        except Exception:
            pass
        return records

    _run_one._pydojo_hook = True
    Executor._run_one = _run_one
    return True

_pydojo_install_hooks
`;

function grade(message: GradeMessage): void {
  const py = state.py;
  if (!py) {
    send({
      type: "error",
      id: message.id,
      code: "protocol",
      message: "grade before ready",
      stats: null,
    });
    return;
  }
  if (state.graded) {
    send({
      type: "error",
      id: message.id,
      code: "protocol",
      message: "this worker already graded a job: use a fresh one",
      stats: null,
    });
    return;
  }
  state.graded = true;
  const started = performance.now();
  output.reset(message.limits.outputBytes);
  try {
    const job = JSON.parse(message.jobJson) as { solution_dir?: unknown; work_dir?: unknown };
    if (typeof job.solution_dir !== "string" || typeof job.work_dir !== "string") {
      throw new Error("the job has no solution_dir or work_dir");
    }
    writeFiles(py, job.solution_dir, message.solution);
    py.FS.mkdirTree(job.work_dir);
    py.FS.chdir(job.work_dir);
    const install = py.runPython(HOOK_SOURCE) as (
      started: (seq: number, name: string, code: string, task: number | null) => void,
      finished: (json: string) => void,
      target: () => number,
    ) => boolean;
    const interrupt = state.interrupt;
    install(
      (seq, name, code, task) =>
        send({
          type: "test-started",
          id: message.id,
          seq,
          name,
          testCode: code,
          taskId: task ?? null,
        }),
      (recordsJson) => send({ type: "test-finished", id: message.id, recordsJson }),
      () => (interrupt ? interruptTarget(interrupt) : WHOLE_RUN),
    );
    (install as unknown as { destroy?: () => void }).destroy?.();
  } catch (error) {
    send({
      type: "error",
      id: message.id,
      code: isFatal(error) ? "fatal" : "harness-error",
      message: describe(error),
      stats: stats(),
    });
    return;
  }
  state.heapCap = message.limits.memoryBytes;
  state.fileSizeCap = message.limits.fileSizeBytes;
  state.diskCap = message.limits.diskBytes;
  try {
    const judge = py.pyimport("pydojo_harness.judge");
    const resultJson: unknown = judge.run_job_json(message.jobJson);
    if (typeof resultJson !== "string")
      throw new Error(`run_job_json returned ${typeof resultJson}, not a string`);
    send({
      type: "result",
      id: message.id,
      resultJson,
      gradeMs: performance.now() - started,
      stats: stats(),
    });
  } catch (error) {
    const fatal = isFatal(error);
    send({
      type: "error",
      id: message.id,
      code: fatal ? "fatal" : "harness-error",
      message: describe(error),
      stats: stats(),
    });
  }
}

port.on("message", (data: unknown) => {
  let message;
  try {
    message = parseToWorker(data);
  } catch (error) {
    send({
      type: "error",
      id: null,
      code: "protocol",
      message: `invalid message: ${describe(error)}`,
      stats: null,
    });
    return;
  }
  if (message.type === "init") {
    init(message).catch((error: unknown) => {
      send({ type: "error", id: null, code: "init-failed", message: describe(error), stats: null });
    });
  } else {
    grade(message);
  }
});
