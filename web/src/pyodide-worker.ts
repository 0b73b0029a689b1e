/// <reference lib="webworker" />
/**
 * Runs the PyDojo harness in Pyodide inside a Web Worker, served from this server (no CDN).
 * Messages: {type:"run", id, job} -> {type:"result", id, result} | {type:"error", id, message};
 * the request panel's {type:"http", id, app, files, modules, request, reload?} -> {type:
 * "http-started", id}, then {type:"http-result", id, answer, reloaded} (see panelRequest);
 * while loading: {type:"progress", phase, loaded?, total?}, then {type:"ready", fromSnapshot,
 * loadMs}. The main thread can interrupt through the shared buffer given in {type:"init"} (Stop
 * button), and terminates the worker if that fails.
 *
 * Start-up: the harness bundle, the memory snapshot (made at build time with the harness already
 * imported) and Pyodide's wasm download in parallel, and Python is restored from the snapshot
 * (~0.3 s) instead of started and imported (~3 s). Without a usable snapshot (not built, another
 * harness, a failed restore) it starts Python cold: slower, same result. The unpacked snapshot
 * is kept in the origin private file system, named by the harness hash, so the next visit reads it
 * from there (see readCachedSnapshot); the "ready" message says whether it did ({cache: {used, stored}}),
 * and a {type:"cache"} message follows once a first visit has stored it.
 */
interface PyodideLike {
  FS: { mkdirTree(path: string): void; writeFile(path: string, data: string): void };
  runPython(code: string): unknown;
  setInterruptBuffer(buffer: Uint8Array): void;
  globals: { set(name: string, value: unknown): void; get(name: string): unknown };
}
interface LoadOptions {
  indexURL: string;
  _loadSnapshot?: Promise<Uint8Array>;
}
interface Bundle {
  hash: string;
  files: { path: string; content: string }[];
}

declare const self: DedicatedWorkerGlobalScope;
let loading: Promise<PyodideLike> | null = null;
let interrupt: Uint8Array | null = null;
let downloadedAt = 0;
/** When this worker started, on the page's clock (the page sends its own time origin). */
const workerOrigin = performance.timeOrigin;

const progress = (phase: string, loaded?: number, total?: number) =>
  self.postMessage({ type: "progress", phase, loaded, total });

/** Reads a response body, reporting how much arrived (the snapshot is ~30 MB unpacked). */
async function readWithProgress(response: Response, total: number): Promise<Uint8Array> {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let reported = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    if (loaded - reported > total / 50) {
      reported = loaded;
      progress("downloading Python", loaded, total);
    }
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  progress("starting Python", total, total);
  downloadedAt = performance.now();
  return bytes;
}

const WASM_URL = "/pyodide/pyodide.asm.wasm";

/**
 * Pyodide compiles its wasm only once the snapshot has arrived; compiling it here, while the
 * snapshot downloads (or is read from the cache), overlaps the two. Pyodide's own fetch of the
 * wasm is answered with an empty response (one download, not two: on a first visit both would
 * go to the network at once), and its one `instantiateStreaming` call is given the module
 * compiled here. A failed compile leaves Pyodide to fetch and compile it itself.
 */
function useCompiledWasm(compiled: Promise<WebAssembly.Module | null>): void {
  const original = WebAssembly.instantiateStreaming.bind(WebAssembly);
  const originalFetch = self.fetch.bind(self);
  self.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith(WASM_URL)) return originalFetch(input, init);
    self.fetch = originalFetch;
    return compiled.then((module) =>
      module ? new Response(null, { status: 204 }) : originalFetch(input, init),
    );
  };
  WebAssembly.instantiateStreaming = async (source, imports) => {
    WebAssembly.instantiateStreaming = original;
    self.fetch = originalFetch;
    const module = await compiled;
    if (!module) return original(source, imports);
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

/**
 * The unpacked snapshot is kept for the next visit (a page's new worker, a new tab, the next day)
 * in the origin private file system, read back with a synchronous access handle: reading 30 MB
 * from there takes tens of milliseconds, against a revalidation round trip plus unpacking 6.7 MB
 * of brotli from the HTTP cache (or ~0.3 s through Cache Storage). The file's name holds the
 * harness hash and the size it was made for (`snapshot-<hash>-<bytes>.bin`): it is used only
 * while the server's harness bundle has that same hash and only when complete (a tab closed while
 * writing it leaves a shorter file), and a new build's snapshot replaces it on the first visit
 * after it. Without OPFS (an old browser, a page over plain http from another host) or when
 * another tab holds the file, the HTTP cache does it, as before.
 */
const SNAPSHOT_PREFIX = "snapshot-";
/** What the cache did for this worker: for the tests and the benchmark. */
const snapshotCache: { used: boolean; stored: boolean; available: boolean; error?: string } = {
  used: false,
  stored: false,
  available: typeof navigator.storage?.getDirectory === "function",
};

interface SyncHandle {
  getSize(): number;
  read(into: Uint8Array, options: { at: number }): number;
  write(from: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}
type FileHandleWithSync = FileSystemFileHandle & {
  createSyncAccessHandle(): Promise<SyncHandle>;
};
type DirectoryWithEntries = FileSystemDirectoryHandle & {
  keys(): AsyncIterableIterator<string>;
};

async function snapshotDir(): Promise<DirectoryWithEntries | null> {
  try {
    return snapshotCache.available
      ? ((await navigator.storage.getDirectory()) as DirectoryWithEntries)
      : null;
  } catch {
    return null; // storage blocked (private mode, quota): the network it is
  }
}

/** The snapshot files kept in this origin: [name, hash, size]. */
async function keptSnapshots(dir: DirectoryWithEntries): Promise<[string, string, number][]> {
  const found: [string, string, number][] = [];
  for await (const name of dir.keys()) {
    const m = /^snapshot-([\w-]+)-(\d+)\.bin$/.exec(name);
    if (m) found.push([name, m[1]!, Number(m[2])]);
  }
  return found;
}

/**
 * The kept snapshot, if there is a complete one, with the hash it was made for: read at once, in
 * parallel with the harness bundle's request that says whether that hash is still current.
 */
async function readCachedSnapshot(): Promise<{ hash: string; bytes: Uint8Array } | null> {
  try {
    const dir = await snapshotDir();
    if (!dir) return null;
    for (const [name, hash, size] of await keptSnapshots(dir)) {
      const file = (await dir.getFileHandle(name)) as FileHandleWithSync;
      const handle = await file.createSyncAccessHandle();
      try {
        if (handle.getSize() !== size) continue; // not written to the end
        const bytes = new Uint8Array(size);
        if (handle.read(bytes, { at: 0 }) !== size) continue;
        return { hash, bytes };
      } finally {
        handle.close();
      }
    }
  } catch {
    // Another tab is writing or reading it (the handle is exclusive), or storage is blocked.
  }
  return null;
}

/**
 * Keeps the unpacked snapshot for the next visit and removes those of older builds (after
 * Python is ready: off the critical path).
 */
async function storeSnapshot(hash: string, bytes: Uint8Array): Promise<void> {
  try {
    const dir = await snapshotDir();
    if (!dir) return;
    const name = `${SNAPSHOT_PREFIX}${hash}-${bytes.length}.bin`;
    for (const [old] of await keptSnapshots(dir))
      if (old !== name) await dir.removeEntry(old).catch(() => undefined);
    const file = (await dir.getFileHandle(name, { create: true })) as FileHandleWithSync;
    const handle = await file.createSyncAccessHandle();
    try {
      handle.truncate(0);
      let at = 0;
      while (at < bytes.length) at += handle.write(bytes.subarray(at), { at });
      handle.flush();
    } finally {
      handle.close();
    }
    snapshotCache.stored = true;
  } catch (error) {
    snapshotCache.error = String(error);
    console.warn("PyDojo: the Python snapshot could not be kept for the next visit", error);
  }
}

/** A kept snapshot that failed to restore is removed, so the next visit downloads it again. */
async function forgetSnapshots(): Promise<void> {
  const dir = await snapshotDir();
  if (dir)
    for (const [name] of await keptSnapshots(dir))
      await dir.removeEntry(name).catch(() => undefined);
}

async function start(pageOrigin: number): Promise<PyodideLike> {
  const started = performance.now();
  const marks: Record<string, number> = {
    // How long after the page started (its navigation) this worker began.
    workerStarted: pageOrigin ? workerOrigin - pageOrigin : 0,
  };
  const mark = (name: string) => (marks[name] = performance.now() - started);
  progress("downloading Python");
  const compiled = WebAssembly.compileStreaming(fetch(WASM_URL))
    .then((module) => {
      mark("wasmCompiled");
      return module;
    })
    .catch(() => null);
  const cachedSnapshot = readCachedSnapshot();
  // Nothing cached (a first visit): the server's snapshot is asked for at once, as before.
  const snapshotRequest = cachedSnapshot.then((found) =>
    found ? null : fetch("/python/snapshot").catch(() => null),
  );
  // Pyodide imports its 1.2 MB Emscripten module only after the snapshot arrives: start it now
  // (the module map hands Pyodide this same import).
  const emscripten = import(/* @vite-ignore */ "/pyodide/pyodide.asm.mjs" as string).catch(
    () => null,
  );
  const bundleRequest = fetch("/harness/bundle.json").then((r) => r.json() as Promise<Bundle>);
  const { loadPyodide } = (await import(/* @vite-ignore */ "/pyodide/pyodide.mjs" as string)) as {
    loadPyodide(options: LoadOptions): Promise<PyodideLike>;
  };
  mark("imported");
  const bundle = await bundleRequest;
  mark("bundle");
  void emscripten;
  const cached = await cachedSnapshot;
  mark("cacheRead");
  let snapshotBytes: Promise<Uint8Array> | null = null;
  let total = 0;
  let keep = false;
  if (cached && cached.hash === bundle.hash) {
    snapshotCache.used = true;
    downloadedAt = performance.now();
    snapshotBytes = Promise.resolve(cached.bytes);
  } else {
    // Not cached, or cached for another harness: the server's, kept for next time.
    const response = (await snapshotRequest) ?? (await fetch("/python/snapshot").catch(() => null));
    mark("responses");
    if (response?.ok && response.headers.get("x-harness-hash") === bundle.hash) {
      total = Number(response.headers.get("x-snapshot-bytes")) || 31_500_000;
      snapshotBytes = readWithProgress(response, total);
      keep = true;
    }
  }
  let py: PyodideLike | null = null;
  let fromSnapshot = false;
  if (snapshotBytes) {
    try {
      useCompiledWasm(compiled);
      py = await loadPyodide({ indexURL: "/pyodide/", _loadSnapshot: snapshotBytes });
      fromSnapshot = true;
    } catch (error) {
      console.warn("PyDojo: the Python snapshot could not be restored; starting cold", error);
      keep = false;
      if (snapshotCache.used) await forgetSnapshots().catch(() => undefined);
    }
  }
  if (!py) {
    progress("starting Python (first time only)");
    useCompiledWasm(compiled);
    py = await loadPyodide({ indexURL: "/pyodide/" });
  }
  mark("python");
  if (downloadedAt) marks.downloaded = downloadedAt - started;
  progress("loading the grader");
  for (const file of bundle.files) {
    const target = `/harness/${file.path}`;
    py.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    py.FS.writeFile(target, file.content);
  }
  py.runPython(
    "import sys\nif '/harness' not in sys.path:\n    sys.path.insert(0, '/harness')\nimport pydojo_harness.judge",
  );
  py.runPython(CAP_OUTPUT);
  mark("harness");
  warmUp(py);
  mark("warmedUp");
  if (interrupt) py.setInterruptBuffer(interrupt);
  self.postMessage({
    type: "ready",
    fromSnapshot,
    loadMs: performance.now() - started,
    marks,
    cache: { ...snapshotCache },
  });
  // Pyodide copied the bytes into the wasm memory: the downloaded ones are still as they came.
  // Kept in the background, so a Run that waits for Python doesn't wait for the disk too.
  if (keep && snapshotBytes) {
    const bytes = await snapshotBytes;
    setTimeout(() => {
      void storeSnapshot(bundle.hash, bytes).then(() =>
        self.postMessage({ type: "cache", cache: { ...snapshotCache } }),
      );
    }, 100);
  }
  return py;
}

/**
 * One small grade through the harness before the learner's first Run: the first pass over the
 * harness's code (collecting, assert rewriting, a failure's message, imports not in the
 * snapshot) costs ~0.3-0.5 s here, and is paid now, usually while the learner reads.
 */
function warmUp(py: PyodideLike): void {
  const job: RunJob = {
    tests: [
      {
        path: "pydojo_warmup_test.py",
        content: [
          "import pytest",
          "from pydojo_warmup import double",
          "@pytest.mark.parametrize('n, expected', [(1, 2), (2, 5)])",
          "def test_double(n, expected):",
          "    assert double(n) == expected",
          "",
        ].join("\n"),
      },
    ],
    solution: [{ path: "pydojo_warmup.py", content: "def double(n):\n    return n * 2\n" }],
    solutionModules: ["pydojo_warmup"],
  };
  try {
    gradeIn(py, job, "warmup");
  } catch (error) {
    console.warn("PyDojo: warm-up grade failed", error);
  }
}

function load(pageOrigin = 0): Promise<PyodideLike> {
  loading ??= start(pageOrigin);
  return loading;
}

interface RunJob {
  tests: { path: string; content: string; task?: number }[];
  solution: { path: string; content: string }[];
  solutionModules: string[];
  seed?: number;
  learnerNamedModules?: boolean;
}

function writeJob(py: PyodideLike, job: RunJob, runId: string): string {
  const root = `/run/${runId}`;
  py.FS.mkdirTree(`${root}/solution`);
  py.FS.mkdirTree(`${root}/work`);
  for (const file of job.solution) {
    const target = `${root}/solution/${file.path}`;
    py.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    py.FS.writeFile(target, file.content);
  }
  return JSON.stringify({
    mode: "inproc",
    tests: job.tests.map((t) =>
      t.task === undefined
        ? { path: t.path, source: t.content }
        : { path: t.path, source: t.content, task: t.task },
    ),
    ...(job.seed === undefined ? {} : { seed: job.seed }),
    ...(job.learnerNamedModules ? { learner_named_modules: true } : {}),
    solution_dir: `${root}/solution`,
    solution_modules: job.solutionModules,
    work_dir: `${root}/work`,
    limits: { test_timeout_s: 5, output_bytes: OUTPUT_BYTES },
  });
}

const OUTPUT_BYTES = 1 << 20;

/**
 * The harness's capture keeps the first 1 MB of a test's output and lets the test go on, as the
 * server does. Here, in Pyodide, each print costs ~10 us, so a million prints outlast the time
 * limit and the Run would end as "time limit" instead of "output truncated". In the browser, a
 * test stops once its output is cut: LimitExceeded("output") is the harness's own way to end a
 * test for a limit (a BaseException, so `except Exception` in the learner's code can't hide it).
 */
const CAP_OUTPUT = `
def _pd_cap_output():
    from pydojo_harness import capture, errors
    original = capture.BoundedWriter.write
    if getattr(original, "_pd_capped", False):
        return
    def write(self, text):
        written = original(self, text)
        if self.truncated:
            raise errors.LimitExceeded(
                "output",
                "output truncated at ${OUTPUT_BYTES >> 20} MB: your code printed more, so the browser stopped"
                " this test there (Submit runs it to the end on the server)",
            )
        return written
    write._pd_capped = True
    capture.BoundedWriter.write = write
_pd_cap_output()
del _pd_cap_output`;

const EXEC_SNIPPET = `import sys, traceback
from pydojo_harness.capture import BoundedWriter
from pydojo_harness.errors import LimitExceeded
_pd_buf = BoundedWriter(${OUTPUT_BYTES})
_pd_old = sys.stdout
sys.stdout = _pd_buf
_pd_err = None
try:
    exec(compile(__pydojo_code, '<snippet>', 'exec'), {'__name__': '__main__'})
except LimitExceeded:
    _pd_err = "\\n[output truncated at ${OUTPUT_BYTES >> 20} MB: the example was stopped there]"
except KeyboardInterrupt:
    _pd_err = "\\n[stopped: the example ran too long (an infinite loop?)]"
except BaseException:
    _pd_err = traceback.format_exc(limit=-1)
finally:
    sys.stdout = _pd_old`;

/** A lesson snippet: runs the code, captures what it prints and the error it raises. */
async function execSnippet(id: string, code: string) {
  const py = await load();
  if (interrupt) interrupt[0] = 0;
  py.globals.set("__pydojo_code", code);
  py.runPython(EXEC_SNIPPET);
  self.postMessage({
    type: "exec-result",
    id,
    output: py.runPython("_pd_buf.getvalue()") as string,
    error: py.globals.get("_pd_err") ?? null,
  });
}

/** Grades a job in this interpreter; returns the harness's result JSON. */
function gradeIn(py: PyodideLike, job: RunJob, id: string): string {
  py.globals.set("__pydojo_job", writeJob(py, job, id));
  // Fresh module state for each run: forget the learner's modules and the tests from the last one.
  py.globals.set("__pydojo_modules", JSON.stringify(job.solutionModules));
  return py.runPython(
    `import sys, json
for _n in json.loads(__pydojo_modules):
    sys.modules.pop(_n, None)
for _n in [m for m in sys.modules if m.endswith('_test') or m.startswith('test_')]:
    sys.modules.pop(_n, None)
import pydojo_harness.judge as _j
_j.run_job_json(__pydojo_job)`,
  ) as string;
}

async function runJob(id: string, job: RunJob) {
  const py = await load();
  progress("running your code");
  if (interrupt) interrupt[0] = 0;
  const started = performance.now();
  const resultJson = gradeIn(py, job, id);
  self.postMessage({
    type: "result",
    id,
    result: JSON.parse(resultJson),
    gradeMs: performance.now() - started,
  });
}

/** The request panel: the learner's current code, its app, and the request to send it. */
interface PanelMessage {
  app: string;
  files: { path: string; content: string }[];
  modules: string[];
  request: { method: string; target: string; headers: [string, string][]; body: string };
  /** Load the code anew even if it did not change (a fresh app, its data reset). */
  reload?: boolean;
}

/** The code the panel's app was loaded from (app spec and files), and the folders used so far. */
let panelKey = "";
let panelLoads = 0;
let panelCall: ((request: string) => string) | null = null;
type PanelLoad = (root: string, app: string, modules: string, dropOld: boolean) => void;
let panelLoad: PanelLoad | null = null;

/**
 * One request to the learner's app, in this interpreter (harness/pydojo_harness/serve.py):
 * when the code (or the app's name) changed since the last request, the files are written to a
 * new folder and the app's module is imported fresh; otherwise the loaded app answers at once,
 * keeping its data between requests like a running server.
 */
async function panelRequest(id: string, m: PanelMessage) {
  const py = await load();
  self.postMessage({ type: "http-started", id });
  if (interrupt) interrupt[0] = 0;
  const key = JSON.stringify([m.app, m.files]);
  const reloaded = m.reload === true || key !== panelKey;
  if (reloaded) {
    panelKey = "";
    const root = `/panel/${++panelLoads}`;
    for (const file of m.files) {
      const target = `${root}/${file.path}`;
      py.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
      py.FS.writeFile(target, file.content);
    }
    panelLoad ??= py.runPython(
      "import pydojo_harness.serve\npydojo_harness.serve.panel_load",
    ) as PanelLoad;
    panelLoad(root, m.app, JSON.stringify(m.modules), true);
    panelKey = key;
  }
  // The function itself, looked up once: a warm request is one call into Python.
  panelCall ??= py.runPython("import pydojo_harness.serve\npydojo_harness.serve.panel_request") as (
    request: string,
  ) => string;
  const answer = panelCall(JSON.stringify(m.request));
  self.postMessage({ type: "http-result", id, answer: JSON.parse(answer), reloaded });
}

self.onmessage = async (event: MessageEvent) => {
  const message = event.data as {
    type: string;
    id?: string;
    job?: RunJob;
    code?: string;
    interrupt?: SharedArrayBuffer;
    /** The page's performance.timeOrigin: the worker's marks say when it began after it. */
    origin?: number;
  };
  try {
    if (message.type === "init") {
      if (message.interrupt) interrupt = new Uint8Array(message.interrupt);
      const py = await load(message.origin ?? 0);
      if (interrupt) py.setInterruptBuffer(interrupt);
    } else if (message.type === "exec" && message.id) {
      await execSnippet(message.id, message.code ?? "");
    } else if (message.type === "run" && message.id && message.job) {
      await runJob(message.id, message.job);
    } else if (message.type === "http" && message.id) {
      await panelRequest(message.id, event.data as PanelMessage);
    }
  } catch (error) {
    self.postMessage({
      type: "error",
      id: message.type === "init" ? null : (message.id ?? null),
      message: message.type === "init" ? `Python could not load: ${String(error)}` : String(error),
    });
  }
};
