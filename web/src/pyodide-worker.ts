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
 * harness, a failed restore) it starts Python cold: slower, same result. Once the service worker
 * keeps them (web/src/sw.ts), the snapshot and the wasm are read from Cache Storage here.
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

/**
 * Pyodide compiles its wasm only once the snapshot has arrived; compiling it here, while the
 * snapshot downloads, overlaps the two. Pyodide's one `instantiateStreaming` call is then given
 * the module compiled here (a failed compile leaves Pyodide to do it itself).
 */
function useCompiledWasm(compiled: Promise<WebAssembly.Module | null>): void {
  const original = WebAssembly.instantiateStreaming.bind(WebAssembly);
  WebAssembly.instantiateStreaming = async (source, imports) => {
    WebAssembly.instantiateStreaming = original;
    const module = await compiled;
    if (!module) return original(source, imports);
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

/** Responses read straight from Cache Storage (see `kept`). */
const fromCache = new WeakSet<Response>();

/**
 * A file the service worker keeps (web/src/sw.ts), read from its cache here, in this worker,
 * without a round trip through the service worker: the 31 MB snapshot arrives as one blob read
 * instead of a stream relayed in chunks. Not kept yet (a first visit, no service worker): fetched.
 */
async function kept(url: string): Promise<Response> {
  const hit = await (typeof caches === "undefined"
    ? Promise.resolve(undefined)
    : caches.match(url, { ignoreVary: true }).catch(() => undefined));
  if (!hit) return fetch(url);
  fromCache.add(hit);
  return hit;
}

async function start(): Promise<PyodideLike> {
  const started = performance.now();
  progress("downloading Python");
  const marks: Record<string, number> = {};
  const compiled = WebAssembly.compileStreaming(kept("/pyodide/pyodide.asm.wasm")).then(
    (module) => {
      marks.compiled = performance.now() - started;
      return module;
    },
    () => null,
  );
  // Pyodide imports its 1.2 MB Emscripten module only after the snapshot arrives: start it now
  // (the module map hands Pyodide this same import).
  const emscripten = import(/* @vite-ignore */ "/pyodide/pyodide.asm.mjs" as string).catch(
    () => null,
  );
  const bundleRequest = fetch("/harness/bundle.json").then((r) => r.json() as Promise<Bundle>);
  const snapshotRequest = kept("/python/snapshot").catch(() => null);
  const { loadPyodide } = (await import(/* @vite-ignore */ "/pyodide/pyodide.mjs" as string)) as {
    loadPyodide(options: LoadOptions): Promise<PyodideLike>;
  };
  marks.imported = performance.now() - started;
  const bundle = await bundleRequest;
  const response = await snapshotRequest;
  void emscripten;
  marks.responses = performance.now() - started;
  let py: PyodideLike | null = null;
  let fromSnapshot = false;
  if (response?.ok && response.headers.get("x-harness-hash") === bundle.hash) {
    const total = Number(response.headers.get("x-snapshot-bytes")) || 31_500_000;
    try {
      useCompiledWasm(compiled);
      py = await loadPyodide({
        indexURL: "/pyodide/",
        _loadSnapshot: fromCache.has(response)
          ? response.arrayBuffer().then((body) => {
              downloadedAt = performance.now();
              return new Uint8Array(body);
            })
          : readWithProgress(response, total),
      });
      fromSnapshot = true;
    } catch (error) {
      console.warn("PyDojo: the Python snapshot could not be restored; starting cold", error);
    }
  }
  if (!py) {
    progress("starting Python (first time only)");
    useCompiledWasm(compiled);
    py = await loadPyodide({ indexURL: "/pyodide/" });
  }
  marks.python = performance.now() - started;
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
  warmUp(py);
  marks.warmedUp = performance.now() - started;
  if (interrupt) py.setInterruptBuffer(interrupt);
  self.postMessage({
    type: "ready",
    fromSnapshot,
    loadMs: performance.now() - started,
    marks,
  });
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

function load(): Promise<PyodideLike> {
  loading ??= start();
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
  };
  try {
    if (message.type === "init") {
      if (message.interrupt) interrupt = new Uint8Array(message.interrupt);
      const py = await load();
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
