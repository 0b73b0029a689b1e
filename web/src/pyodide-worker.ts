/// <reference lib="webworker" />
/**
 * Runs the PyDojo harness in Pyodide inside a Web Worker, served from this server (no CDN).
 * Messages: {type:"run", id, job} -> {type:"result", id, result} | {type:"error", id, message};
 * the request panel's {type:"http", id, app, files, modules, request, reload?} -> {type:
 * "http-started", id}, then {type:"http-result", id, answer, reloaded} (see panelRequest);
 * while loading: {type:"progress", phase, loaded?, total?}, then {type:"ready", fromSnapshot,
 * loadMs, startedAt, marks, trampoline}; after the first warm-up grade, in the first idle moment,
 * {type:"warmed-up", ms, afterRuns}, and after a snapshot start's background warm-up {type:"warmed",
 * grades, ms}. {type:"ran-elsewhere", job?}: the learner's first Run was a quick run on the
 * server, so the warm-up that follows a first Run starts (grading that job once with it). The main thread can interrupt through the shared buffer given in
 * {type:"init"} (Stop button), and terminates the worker if that fails.
 *
 * Start-up: the harness bundle, the memory snapshot (made at build time with the harness already
 * imported) and Pyodide's wasm download in parallel, and Python is restored from the snapshot
 * (~0.3 s) instead of started and imported (~3 s). Without a usable snapshot (not built, another
 * harness, a failed restore) it starts Python cold: slower, same result. Once the service worker
 * keeps them (web/src/sw.ts), the snapshot and the wasm are read from Cache Storage here.
 */
import { isSnapshotDelta, openSnapshotDelta } from "../../src/core/snapshot-delta.js";
interface PyodideLike {
  FS: { mkdirTree(path: string): void; writeFile(path: string, data: string | Uint8Array): void };
  runPython(code: string): unknown;
  setInterruptBuffer(buffer: Uint8Array): void;
  globals: { set(name: string, value: unknown): void; get(name: string): unknown };
  /** Pyodide's Emscripten module (private API; see `fastTrampoline`). */
  _module: EmscriptenModule;
}
interface LoadOptions {
  indexURL: string;
  stdLibURL?: string;
  _loadSnapshot?: Promise<Uint8Array>;
}
interface Bundle {
  hash: string;
  files: { path: string; content: string }[];
}

declare const self: DedicatedWorkerGlobalScope;
/** Pyodide's wasm call trampoline module, as hex (read from Pyodide at build time: web/build.mjs). */
declare const PYODIDE_TRAMPOLINE: string;
/** The parts of Pyodide's Emscripten module `fastTrampoline` uses. */
interface EmscriptenModule {
  HEAP32: Int32Array;
  memory: WebAssembly.Memory;
  wasmTable: WebAssembly.Table;
  addFunction(fn: unknown): number;
  __PyRuntime: number;
  __PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET: number;
}
let loading: Promise<PyodideLike> | null = null;
let interrupt: Uint8Array | null = null;
let downloadedAt = 0;
/** Python, once started (for the background warm-up). */
let python: PyodideLike | null = null;

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
/** This worker's own requests: never the stand-ins the patches below put in Pyodide's way. */
const networkFetch = self.fetch.bind(self);

/**
 * Pyodide's wasm, compiled here while the snapshot downloads (Pyodide itself would start only
 * once the snapshot has arrived). Requested through the service worker, not read from Cache
 * Storage here like the snapshot (`kept`): Chromium keeps the machine code V8 made from a
 * response the service worker answered from its cache beside that cache entry, and from the
 * next visit on the module is deserialized instead of compiled function by function again
 * (decision 0011). A read straight from Cache Storage gets no such cache.
 */
function compileWasm(): Promise<WebAssembly.Module | null> {
  return WebAssembly.compileStreaming(networkFetch(WASM_URL)).catch(() => null);
}

/**
 * The standard library on demand. A start from the snapshot has every module the harness and
 * most exercises use already imported (in the snapshot's memory), so the stdlib zip (1.6 MB on
 * the wire) is not needed to show the first Run result: Pyodide is given an empty zip in its
 * place, and the real one is fetched in the background a moment after the first Run's result
 * (or once Python has been ready and idle for STDLIB_IDLE_MS). An import that needs it before
 * then (a module not in the snapshot, or a traceback's source line) fetches it synchronously,
 * right there (a worker may use a synchronous request): slower for that Run, never wrong. zipimport's table of what is
 * where in the zip is in the snapshot, made from this very zip (web/build.mjs, and the server
 * checks it): only the reads of the zip's bytes wait for it.
 */
const STDLIB_URL = "/pyodide/python_stdlib.zip";
const DEFERRED_STDLIB_URL = `${STDLIB_URL}?deferred`;
const STDLIB_IDLE_MS = 3000;
const STDLIB_AFTER_RUN_MS = 1000;
/** An empty zip: only an end-of-central-directory record. */
const EMPTY_ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
let stdlib: {
  py: PyodideLike;
  /** Where Pyodide put the stdlib zip (/lib/python3NN.zip). */
  archive: string;
  state: "deferred" | "loading" | "loaded";
  /** Puts zipimport back as it was (DEFER_STDLIB), once the zip is in place. */
  undefer: (() => void) | null;
} | null = null;

/**
 * The snapshot, when the server sent it as a delta against the wasm's data segments
 * (core/snapshot-delta.ts): completed from the memory of the instance Pyodide is about to
 * restore it into, right after instantiation and before any of the module's code has run.
 */
let snapshotToComplete: ((freshMemory: ArrayBuffer) => void) | null = null;
/** How the snapshot came (for the tests and the benchmark): a delta, or whole (an older build). */
let snapshotForm: "delta" | "whole" | null = null;

function completeSnapshot(instance: WebAssembly.Instance): void {
  if (!snapshotToComplete) return;
  const memory = Object.values(instance.exports).find((v) => v instanceof WebAssembly.Memory);
  if (!(memory instanceof WebAssembly.Memory)) throw new Error("Pyodide's wasm exports no memory");
  snapshotToComplete(memory.buffer);
  snapshotToComplete = null;
}

/** The snapshot as Pyodide takes it: a delta is opened, to be completed at instantiation. */
function asSnapshot(bytes: Uint8Array): Uint8Array {
  snapshotForm = isSnapshotDelta(bytes) ? "delta" : "whole";
  if (snapshotForm === "whole") return bytes; // served by a build from before the delta
  const { snapshot, complete } = openSnapshotDelta(bytes);
  snapshotToComplete = complete;
  return snapshot;
}

/**
 * What this worker puts in Pyodide's way for one `loadPyodide` call; the returned function puts
 * everything back. Pyodide's one `instantiateStreaming` call is given the module compiled here
 * (`compileWasm`; a failed compile leaves Pyodide to do it itself), and the fetch Pyodide makes
 * for that call is answered with an empty body it never reads (not a second 9.6 MB read). With
 * `deferStdlib`, Pyodide's fetch of the stdlib zip from DEFERRED_STDLIB_URL is answered with
 * EMPTY_ZIP. The instance is handed to `completeSnapshot` before Pyodide sees it.
 */
function standIns(compiled: Promise<WebAssembly.Module | null>, deferStdlib: boolean): () => void {
  const originalFetch = self.fetch;
  const originalInstantiate = WebAssembly.instantiateStreaming;
  self.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (deferStdlib && url.endsWith(DEFERRED_STDLIB_URL))
      return Promise.resolve(new Response(EMPTY_ZIP));
    if (url.endsWith(WASM_URL))
      return compiled.then((module) => (module ? new Response(null) : networkFetch(input, init)));
    return originalFetch(input, init);
  };
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const module = await compiled;
    const result = module
      ? { module, instance: await WebAssembly.instantiate(module, imports) }
      : await originalInstantiate.call(WebAssembly, source, imports);
    completeSnapshot(result.instance);
    return result;
  };
  return () => {
    self.fetch = originalFetch;
    WebAssembly.instantiateStreaming = originalInstantiate;
  };
}

/**
 * Until the real zip is in place, zipimport reads its directory from the snapshot's table (an
 * import lookup or importlib.invalidate_caches() must not read the empty zip's), and the first
 * read of a module's bytes calls back here to fetch the zip synchronously.
 */
const DEFER_STDLIB = `
def _pd_defer_stdlib(archive):
    import zipimport, js
    table = zipimport._zip_directory_cache[archive]
    read_directory, get_data = zipimport._read_directory, zipimport._get_data
    def _read_directory(path):
        if path == archive and not state["loaded"]:
            return table
        return read_directory(path)
    def _get_data(path, toc_entry):
        if path == archive and not state["loaded"]:
            js.pydojoStdlibNow(toc_entry[0])
        return get_data(path, toc_entry)
    state = {"loaded": False}
    def loaded():
        state["loaded"] = True
        zipimport._read_directory, zipimport._get_data = read_directory, get_data
        zipimport._zip_directory_cache[archive] = table
    zipimport._read_directory, zipimport._get_data = _read_directory, _get_data
    return loaded
_pd_defer_stdlib`;

function stdlibInstalled(bytes: Uint8Array, how: string): void {
  if (!stdlib || stdlib.state === "loaded") return;
  stdlib.py.FS.writeFile(stdlib.archive, bytes);
  stdlib.state = "loaded";
  stdlib.undefer?.();
  self.postMessage({ type: "stdlib", how });
}

/** The synchronous path: a read of the zip that cannot wait (called from Python). */
function stdlibNow(reading: string): void {
  const request = new XMLHttpRequest();
  request.open("GET", STDLIB_URL, false);
  request.responseType = "arraybuffer";
  try {
    request.send();
  } catch {
    // Offline, and not kept: the import fails with the message below.
  }
  if (request.status !== 200)
    throw new Error(
      `the Python standard library could not be downloaded (${request.status || "offline?"}), ` +
        `so ${reading} can't be read yet: check the connection and Run again`,
    );
  stdlibInstalled(new Uint8Array(request.response as ArrayBuffer), `on demand: ${reading}`);
}

/** The background path: once the first Run is done, or after a moment of idleness. */
function stdlibSoon(): void {
  if (!stdlib || stdlib.state !== "deferred") return;
  stdlib.state = "loading";
  void kept(STDLIB_URL)
    .then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.arrayBuffer();
    })
    .then(
      (body) => stdlibInstalled(new Uint8Array(body), "background"),
      () => {
        // Offline or a failed download: the next Run (or an import) tries again.
        if (stdlib?.state === "loading") stdlib.state = "deferred";
      },
    );
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
  if (!hit) return networkFetch(url);
  fromCache.add(hit);
  return hit;
}

/**
 * CPython under Emscripten calls C functions through pointers via a trampoline. At start-up
 * Pyodide picks a small wasm one where the engine has wasm GC (Chromium, Firefox), else one that
 * goes through JavaScript on every call, and writes its choice into CPython's runtime state. A
 * snapshot restore overwrites that state with the choice made where the snapshot was made: Node
 * 20, which has no wasm GC, so every restored start would use the slow one (a warm Run took
 * about 30% longer). This makes the choice again here, as Pyodide does, and keeps the slow one
 * if the wasm one can't be made.
 */
function fastTrampoline(module: EmscriptenModule): void {
  const slot = trampolineSlot(module);
  if (module.HEAP32[slot] !== 0) return;
  // Pyodide leaves iOS on the JavaScript trampoline (a WebKit bug there); so does this.
  const ios =
    /iPad|iPhone|iPod/.test(navigator.userAgent) ||
    (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  if (ios || !PYODIDE_TRAMPOLINE) return;
  try {
    const bytes = new Uint8Array(PYODIDE_TRAMPOLINE.length / 2);
    for (let i = 0; i < bytes.length; i++)
      bytes[i] = parseInt(PYODIDE_TRAMPOLINE.slice(2 * i, 2 * i + 2), 16);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: { __indirect_function_table: module.wasmTable, memory: module.memory },
    });
    module.HEAP32[slot] = module.addFunction(instance.exports.trampoline_call);
  } catch {
    // No wasm GC here: the JavaScript trampoline stays.
  }
}

/** Where CPython's runtime state keeps the trampoline in use (0: the JavaScript one). */
function trampolineSlot(module: EmscriptenModule): number {
  return (module.__PyRuntime + module.HEAP32[module.__PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET >> 2]) >> 2;
}

/**
 * Writes text files under `root` (folders made as needed). The text is encoded here, natively:
 * handed a string, Pyodide's FS encodes it in JavaScript, which took about 45 ms for the harness's
 * files on a restored worker's first pass (the code is not yet optimised then).
 */
function writeTexts(py: PyodideLike, root: string, files: { path: string; content: string }[]) {
  const utf8 = new TextEncoder();
  for (const file of files) {
    const target = `${root}/${file.path}`;
    py.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    py.FS.writeFile(target, utf8.encode(file.content));
  }
}

async function start(): Promise<PyodideLike> {
  const started = performance.now();
  progress("downloading Python");
  const marks: Record<string, number> = {};
  const compiled = compileWasm().then((module) => {
    marks.compiled = performance.now() - started;
    return module;
  });
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
    const restore = standIns(compiled, true);
    try {
      py = await loadPyodide({
        indexURL: "/pyodide/",
        stdLibURL: DEFERRED_STDLIB_URL,
        _loadSnapshot: (fromCache.has(response)
          ? response.arrayBuffer().then((body) => {
              downloadedAt = performance.now();
              return new Uint8Array(body);
            })
          : readWithProgress(response, total)
        ).then(asSnapshot),
      });
      // A delta never completed (a Pyodide that instantiates some other way) restored garbage.
      if (snapshotToComplete) throw new Error("the snapshot delta was not completed");
      fromSnapshot = true;
      fastTrampoline(py._module);
    } catch (error) {
      snapshotToComplete = null;
      console.warn("PyDojo: the Python snapshot could not be restored; starting cold", error);
    } finally {
      restore();
    }
  }
  if (!py) {
    progress("starting Python (first time only)");
    const restore = standIns(compiled, false);
    try {
      py = await loadPyodide({ indexURL: "/pyodide/" });
    } finally {
      restore();
    }
  }
  marks.python = performance.now() - started;
  if (downloadedAt) marks.downloaded = downloadedAt - started;
  if (fromSnapshot) {
    (self as unknown as { pydojoStdlibNow: (reading: string) => void }).pydojoStdlibNow = stdlibNow;
    const archive = py.runPython(
      "import sys\nnext(p for p in sys.path if p.endswith('.zip'))",
    ) as string;
    stdlib = { py, archive, state: "deferred", undefer: null };
    try {
      const defer = py.runPython(DEFER_STDLIB) as (archive: string) => () => void;
      stdlib.undefer = defer(archive);
      setTimeout(stdlibSoon, STDLIB_IDLE_MS);
    } catch (error) {
      // No table of the zip in the snapshot: Python can't import from the stdlib at all until
      // the zip is in place, so wait for it now.
      console.warn("PyDojo: the standard library can't wait; loading it now", error);
      stdlibNow("the standard library");
    }
  }
  progress("loading the grader");
  writeTexts(py, "/harness", bundle.files);
  py.runPython(
    "import sys\nif '/harness' not in sys.path:\n    sys.path.insert(0, '/harness')\nimport pydojo_harness.judge",
  );
  py.runPython(CAP_OUTPUT);
  if (interrupt) py.setInterruptBuffer(interrupt);
  self.postMessage({
    type: "ready",
    fromSnapshot,
    loadMs: performance.now() - started,
    // When this worker started, as a wall-clock time the page can put on its own clock.
    startedAt: performance.timeOrigin + started,
    marks,
    trampoline: py._module.HEAP32[trampolineSlot(py._module)] === 0 ? "js" : "wasm",
    snapshot: fromSnapshot ? snapshotForm : null,
  });
  python = py;
  tierUp.pending = fromSnapshot;
  tierUp.first = true;
  tierUp.busyUntil = performance.now();
  scheduleTierUp();
  return py;
}

/**
 * One grade through the harness in the first idle moment after Python is ready (`tierUp.first`):
 * the first pass over the harness's code (collecting, assert rewriting, a failure's message,
 * imports not in the snapshot) is paid while the learner reads, not by their first Run. Not
 * before "ready" (as until 2026-12-06): a Run clicked at once then waited for the whole warm-up
 * job (unittest, monkeypatch, capsys...), which took longer than the first Run's own first pass
 * over only what its tests use. A Run that comes first is graded first; the warm-up follows.
 */
function warmUp(py: PyodideLike): void {
  warmUpGrade(py);
  // Everything alive now (the snapshot's modules, the harness, what the warm-up left) stays for
  // the worker's life: out of the cycle collector's sight, a Run's collections no longer walk
  // those ~25,000 objects (a Run's harness time fell from about 9 to 4 ms median). Collected
  // first: a Run graded before the warm-up may have left cycles that are garbage already.
  py.runPython("import gc\ngc.collect()\ngc.freeze()");
}

/** One grade of WARM_UP_JOB; false if it failed (said in the console, never to the learner). */
function warmUpGrade(py: PyodideLike): boolean {
  try {
    gradeIn(py, WARM_UP_JOB, "warmup");
    return true;
  } catch (error) {
    console.warn("PyDojo: warm-up grade failed", error);
    return false;
  }
}

/**
 * The warm-up's job: a little of what learners' tests and starters do (parametrize, a failing
 * assert's message on numbers, text and lists, pytest.raises that passes and that fails, a
 * starter's NotImplementedError with its traceback, monkeypatch, capsys, a unittest case), in a
 * module no exercise uses. Its tests pass, fail and error, so each of the harness's ways to
 * report a test is run (and optimised by V8) before the learner's Runs need it.
 */
const WARM_UP_JOB: RunJob = {
  tests: [
    {
      path: "pydojo_warmup_test.py",
      content: [
        "import unittest",
        "import pytest",
        "import pydojo_warmup",
        "from pydojo_warmup import double, unfinished",
        "@pytest.mark.parametrize('n, expected', [(1, 2), (2, 5), ('a', 'aa')])",
        "def test_double(n, expected):",
        "    assert double(n) == expected",
        "def test_raises():",
        "    with pytest.raises(TypeError):",
        "        double(None)",
        "def test_not_raised():",
        "    with pytest.raises(ValueError, match='bad'):",
        "        double(1)",
        "@pytest.mark.parametrize('text', ['x', 'y z'])",
        "def test_unfinished(text):",
        "    assert unfinished(text) == text.upper()",
        "def test_echo(monkeypatch, capsys):",
        "    monkeypatch.setattr(pydojo_warmup, 'input', lambda prompt='': 'ok', raising=False)",
        "    assert pydojo_warmup.echo('> ') == 'ok'",
        "    assert capsys.readouterr().out == 'OK\\n'",
        "class TestDouble(unittest.TestCase):",
        "    def test_list(self):",
        "        self.assertEqual(double([1]), [1, 1, 1])",
        "",
      ].join("\n"),
    },
  ],
  solution: [
    {
      path: "pydojo_warmup.py",
      content: [
        "def double(n):",
        "    return n * 2",
        "def unfinished(text):",
        "    raise NotImplementedError('not written yet')",
        "def echo(prompt):",
        "    answer = input(prompt)",
        "    print(answer)",
        "    return answer",
        "",
      ].join("\n"),
    },
  ],
  solutionModules: ["pydojo_warmup"],
};

/**
 * More warm-up after a start from the snapshot, in the background. V8 first runs Pyodide's wasm
 * as baseline code and optimises a function only once it has run enough; a snapshot start runs
 * little of CPython before the learner's first Runs, so those ran unoptimised: in Node, the 16
 * tests of a starter took 20-37 ms per Run for the first ten Runs after a restore and ~6 ms
 * after, where a cold start (seconds of CPython on the way) was at ~6 ms at once. So after the
 * first Run, once the worker has been idle for TIER_UP_IDLE_MS (the learner reads or types),
 * the warm-up grade is repeated, one grade per task, until TIER_UP_GRADES ran or
 * TIER_UP_BUDGET_MS was spent. Timed grade by grade in Chromium on 2 cores, the warm-up's
 * grades took 10-70 ms each for about the first hundred and 4-7 ms from then on: V8 optimises
 * the harness's paths only after that many grades (40 grades, as until 2026-12-05, left the
 * learner's next Runs at 26-33 ms median; 200 brought them to 12-14 ms). A Run waits for at most
 * the one grade under way, and the next grade waits again for the worker to be idle: Runs in
 * quick succession are not slowed by it. Not before the first Run: started at once, this work
 * (and V8's optimising of what it runs, on other threads) ran while the learner went from the
 * dashboard to an exercise and clicked Run, and that first result came later (1.4-1.6 s instead
 * of 0.7-1.0 s on 2 cores). What V8 optimised is also what Chromium's code cache keeps for the
 * next visit.
 */
const TIER_UP_GRADES = 200;
const TIER_UP_BUDGET_MS = 3000;
const TIER_UP_IDLE_MS = 250;
const tierUp = {
  /** The first warm-up grade (`warmUp`) has not run yet: it runs in the first idle moment. */
  first: false,
  /** The learner's Runs graded so far in this worker. */
  runs: 0,
  /** A quick run's job, graded with the first warm-up (`ran-elsewhere`). */
  echo: null as RunJob | null,
  /** Python started from the snapshot and the warm-up has not started yet. */
  pending: false,
  left: 0,
  spentMs: 0,
  grades: 0,
  timer: 0 as ReturnType<typeof setTimeout> | 0,
  /** When the worker last finished a message (a Run, an example, a request). */
  busyUntil: 0,
  /** The page asked for no warm-up work until then (`quiet`). */
  quietUntil: 0,
  /** The exercise on screen's test files, to make ready in an idle moment (`prepare`). */
  prepare: null as RunJob["tests"] | null,
};

function startTierUp(): void {
  tierUp.pending = false;
  tierUp.left = TIER_UP_GRADES;
  tierUp.busyUntil = performance.now();
  scheduleTierUp();
}

/** Whether any warm-up is left to do: the first grade, the tier-up's, or tests to prepare. */
const warmUpLeft = () => tierUp.first || tierUp.left > 0 || tierUp.prepare !== null;
const idleFrom = () => Math.max(tierUp.busyUntil + TIER_UP_IDLE_MS, tierUp.quietUntil);

function scheduleTierUp(): void {
  if (!warmUpLeft() || tierUp.timer) return;
  const wait = Math.max(0, idleFrom() - performance.now());
  tierUp.timer = setTimeout(tierUpSlice, wait);
}

function tierUpSlice(): void {
  tierUp.timer = 0;
  if (!python || !warmUpLeft()) return;
  if (performance.now() < idleFrom()) return scheduleTierUp();
  if (tierUp.prepare) {
    const tests = tierUp.prepare;
    tierUp.prepare = null;
    prepareTests(python, tests);
    return scheduleTierUp();
  }
  if (!tierUp.first && tierUp.left <= 0) return;
  const started = performance.now();
  if (tierUp.first) {
    tierUp.first = false;
    if (tierUp.echo) {
      try {
        gradeIn(python, tierUp.echo, "echo");
      } catch (error) {
        console.warn("PyDojo: the quick run's job failed here", error);
      }
      tierUp.echo = null;
    }
    warmUp(python);
    const ms = Math.round(performance.now() - started);
    self.postMessage({ type: "warmed-up", ms, afterRuns: tierUp.runs });
    return scheduleTierUp();
  }
  if (!warmUpGrade(python)) tierUp.left = 0;
  tierUp.spentMs += performance.now() - started;
  tierUp.grades += 1;
  tierUp.left -= 1;
  if (tierUp.spentMs >= TIER_UP_BUDGET_MS) tierUp.left = 0;
  if (tierUp.left > 0) scheduleTierUp();
  else self.postMessage({ type: "warmed", grades: tierUp.grades, ms: Math.round(tierUp.spentMs) });
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

/** Where a run's files are written (and removed from once it is graded). */
const runRoot = (runId: string) => `/run/${runId}`;

function writeJob(py: PyodideLike, job: RunJob, runId: string): string {
  const root = runRoot(runId);
  py.FS.mkdirTree(`${root}/solution`);
  py.FS.mkdirTree(`${root}/work`);
  writeTexts(py, `${root}/solution`, job.solution);
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

/**
 * Grades one job: forgets the learner's modules and the tests from the last one (fresh module
 * state for each run), grades, and then removes the run's folder and forgets its importer, so a
 * long session of Runs does not pile them up. Defined once and called, rather than a snippet
 * Pyodide would parse and compile again for every Run.
 */
const GRADE_FUNCTION = `
def _pd_grade(job_json, modules_json, root):
    import json, os, shutil, sys
    import pydojo_harness.judge as judge
    for name in json.loads(modules_json):
        sys.modules.pop(name, None)
    for name in [m for m in sys.modules if m.endswith('_test') or m.startswith('test_')]:
        sys.modules.pop(name, None)
    cwd = os.getcwd()
    try:
        return judge.run_job_json(job_json)
    finally:
        os.chdir(cwd)
        for folder in ('/solution', '/work'):
            sys.path_importer_cache.pop(root + folder, None)
        shutil.rmtree(root, ignore_errors=True)
_pd_grade`;
type GradeCall = (job: string, modules: string, root: string) => string;
let gradeCall: GradeCall | null = null;

/** Grades a job in this interpreter; returns the harness's result JSON. */
function gradeIn(py: PyodideLike, job: RunJob, id: string): string {
  gradeCall ??= py.runPython(GRADE_FUNCTION) as GradeCall;
  return gradeCall(writeJob(py, job, id), JSON.stringify(job.solutionModules), runRoot(id));
}

/**
 * The exercise on screen's test files, made ready before its first Run (`prepare` in
 * browser-runner.ts): compiled as a grade compiles them (kept by the harness, keyed by path and
 * text) and the standard-library modules they import imported. Neither the tests nor anything of
 * the learner's runs. Measured in Chromium on 2 cores, the first Run of an exercise reached from
 * the dashboard took 57-106 ms to grade, 25-44 ms once its tests were made ready here, and
 * ~15 ms for the next ones.
 */
let prepareCall: ((job: string) => void) | null = null;
function prepareTests(py: PyodideLike, tests: RunJob["tests"]): void {
  const started = performance.now();
  try {
    prepareCall ??= py.runPython(
      "import pydojo_harness.judge\npydojo_harness.judge.prepare_tests",
    ) as (job: string) => void;
    prepareCall(JSON.stringify({ tests: tests.map((t) => ({ path: t.path, source: t.content })) }));
  } catch (error) {
    console.warn("PyDojo: preparing the tests failed", error);
  }
  self.postMessage({
    type: "prepared",
    ms: performance.now() - started,
    files: tests.map((t) => t.path),
  });
}

async function runJob(id: string, job: RunJob) {
  const py = await load();
  progress("running your code");
  if (interrupt) interrupt[0] = 0;
  const started = performance.now();
  const resultJson = gradeIn(py, job, id);
  tierUp.runs += 1;
  self.postMessage({
    type: "result",
    id,
    result: JSON.parse(resultJson),
    gradeMs: performance.now() - started,
  });
  // Not at once: the page is showing this result now.
  setTimeout(stdlibSoon, STDLIB_AFTER_RUN_MS);
  if (tierUp.pending) startTierUp();
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
    writeTexts(py, root, m.files);
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
    } else if (message.type === "prepare") {
      // In the worker's next idle moment, as the warm-up is (a Run that comes first goes first).
      await load();
      tierUp.prepare = (event.data as { tests?: RunJob["tests"] }).tests ?? null;
    } else if (message.type === "quiet") {
      // The page is busy (showing a page): no warm-up work for a moment, so that it has the CPU
      // (on 2 cores the warm-up's grades took the core the page's own work needed).
      tierUp.quietUntil = performance.now() + Number((event.data as { ms?: number }).ms ?? 0);
    } else if (message.type === "ran-elsewhere") {
      // The learner's first Run was graded on the server while this worker started (a quick
      // run, decision 0016): what follows a first Run here follows it too, and that Run's job
      // is graded once with the first warm-up (its result unused), so the learner's next Run
      // finds its tests compiled and its paths warm.
      tierUp.echo = message.job ?? null;
      await load();
      setTimeout(stdlibSoon, STDLIB_AFTER_RUN_MS);
      if (tierUp.pending) startTierUp();
    }
  } catch (error) {
    self.postMessage({
      type: "error",
      id: message.type === "init" ? null : (message.id ?? null),
      message: message.type === "init" ? `Python could not load: ${String(error)}` : String(error),
    });
  } finally {
    tierUp.busyUntil = performance.now();
    scheduleTierUp();
  }
};
