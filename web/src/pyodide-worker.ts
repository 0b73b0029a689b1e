/// <reference lib="webworker" />
/**
 * Runs the PyDojo harness in Pyodide inside a Web Worker, served from this server (no CDN).
 * Messages: {type:"run", id, job} -> {type:"result", id, result} | {type:"error", id, message};
 * progress while loading: {type:"progress", phase}. The main thread can interrupt through the
 * shared buffer given in {type:"init"} (Stop button), and terminates the worker if that fails.
 */
interface PyodideLike {
  FS: { mkdirTree(path: string): void; writeFile(path: string, data: string): void };
  runPython(code: string): unknown;
  setInterruptBuffer(buffer: Uint8Array): void;
  globals: { set(name: string, value: unknown): void; get(name: string): unknown };
}

declare const self: DedicatedWorkerGlobalScope;
let pyodide: PyodideLike | null = null;
let interrupt: Uint8Array | null = null;

async function load(): Promise<PyodideLike> {
  if (pyodide) return pyodide;
  self.postMessage({ type: "progress", phase: "downloading Python (first time only)" });
  const { loadPyodide } = (await import(/* @vite-ignore */ "/pyodide/pyodide.mjs" as string)) as {
    loadPyodide(options: { indexURL: string }): Promise<PyodideLike>;
  };
  const py = await loadPyodide({ indexURL: "/pyodide/" });
  self.postMessage({ type: "progress", phase: "loading the grader" });
  const manifest = (await (await fetch("/harness/manifest.json")).json()) as string[];
  for (const file of manifest) {
    const text = await (await fetch(`/harness/${file}`)).text();
    const target = `/harness/pydojo_harness/${file}`;
    py.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    py.FS.writeFile(target, text);
  }
  py.runPython("import sys\nsys.path.insert(0, '/harness')\nimport pydojo_harness.judge");
  if (interrupt) py.setInterruptBuffer(interrupt);
  pyodide = py;
  return py;
}

interface RunJob {
  tests: { path: string; content: string }[];
  solution: { path: string; content: string }[];
  solutionModules: string[];
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
    tests: job.tests.map((t) => ({ path: t.path, source: t.content })),
    solution_dir: `${root}/solution`,
    solution_modules: job.solutionModules,
    work_dir: `${root}/work`,
    limits: { test_timeout_s: 5, output_bytes: 1 << 20 },
  });
}

self.onmessage = async (event: MessageEvent) => {
  const message = event.data as {
    type: string;
    id?: string;
    job?: RunJob;
    interrupt?: SharedArrayBuffer;
  };
  if (message.type === "init") {
    if (message.interrupt) interrupt = new Uint8Array(message.interrupt);
    try {
      await load();
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({
        type: "error",
        id: null,
        message: `Python could not load: ${String(error)}`,
      });
    }
    return;
  }
  if (message.type === "exec" && message.id) {
    // A lesson snippet: run the code, capture what it prints and the error it raises.
    try {
      const py = await load();
      if (interrupt) interrupt[0] = 0;
      py.globals.set("__pydojo_code", (message as unknown as { code: string }).code);
      py.runPython(
        "import sys, io, traceback\n_pd_buf = io.StringIO()\n_pd_old = sys.stdout\nsys.stdout = _pd_buf\n_pd_err = None\ntry:\n    exec(compile(__pydojo_code, '<snippet>', 'exec'), {'__name__': '__main__'})\nexcept BaseException:\n    _pd_err = traceback.format_exc(limit=-1)\nfinally:\n    sys.stdout = _pd_old",
      );
      self.postMessage({
        type: "exec-result",
        id: message.id,
        output: py.globals.get("_pd_buf") ? (py.runPython("_pd_buf.getvalue()") as string) : "",
        error: py.globals.get("_pd_err") ?? null,
      });
    } catch (error) {
      self.postMessage({ type: "error", id: message.id, message: String(error) });
    }
    return;
  }
  if (message.type === "run" && message.id && message.job) {
    try {
      const py = await load();
      if (interrupt) interrupt[0] = 0;
      const jobJson = writeJob(py, message.job, message.id);
      py.globals.set("__pydojo_job", jobJson);
      // Fresh module state for each run: forget the learner's modules from the last one.
      const names = JSON.stringify(message.job.solutionModules);
      py.runPython(
        `import sys\nfor _n in ${names}:\n    sys.modules.pop(_n, None)\nfor _n in [m for m in sys.modules if m.endswith('_test') or m.startswith('test_')]:\n    sys.modules.pop(_n, None)`,
      );
      const resultJson = py.runPython(
        "import pydojo_harness.judge as _j\n_j.run_job_json(__pydojo_job)",
      ) as string;
      self.postMessage({ type: "result", id: message.id, result: JSON.parse(resultJson) });
    } catch (error) {
      self.postMessage({ type: "error", id: message.id, message: String(error) });
    }
  }
};
