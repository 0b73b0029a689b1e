/**
 * Before a server takes submissions it proves it can grade: one tiny grade through the real
 * runner. A server that cannot grade must say so at start, with the fix, instead of failing
 * every learner's Submit later.
 */
import type { GradeResult } from "../core/result.js";
import { DEFAULT_LIMITS, type GradeJob, type Runner } from "../runners/runner.js";

const PROBE: GradeJob = {
  tests: [
    {
      path: "probe_test.py",
      content: "from probe import answer\n\ndef test_answer():\n    assert answer() == 42\n",
    },
  ],
  solution: [{ path: "probe.py", content: "def answer():\n    return 42\n" }],
  solutionModules: ["probe"],
  limits: { ...DEFAULT_LIMITS, timeoutSeconds: 30 },
};

/** The typed failure of the start-up grade. */
export class GradingSelfCheckError extends Error {
  constructor(
    readonly runner: string,
    readonly detail: string,
  ) {
    super(
      `PyDojo cannot grade with the ${runner} runner: a one-test probe grade gave "${detail}". ` +
        `Every Submit would fail the same way. To see the whole error, run: ` +
        `node bin/pydojo.js grade content/sample/hello-world --runner ${runner}. ` +
        `Usual causes: bubblewrap cannot create namespaces here (try: bwrap --unshare-all --ro-bind / / true; ` +
        `in a container allow unprivileged user namespaces), /usr/bin/python3 is missing (apt-get install python3), ` +
        `or the temporary folder (${process.env.TMPDIR ?? "/tmp"}) is not usable by other users (it must be mode 1777).`,
    );
    this.name = "GradingSelfCheckError";
  }
}

/** Grades the probe; resolves when it passes, rejects with what went wrong otherwise. */
export async function checkGrading(runner: Runner): Promise<GradeResult> {
  let result: GradeResult;
  try {
    result = await runner.grade(PROBE);
  } catch (error) {
    throw new GradingSelfCheckError(runner.name, (error as Error).message);
  }
  if (result.status !== "pass") {
    const detail =
      result.message ?? result.tests.find((t) => t.status !== "pass")?.message ?? result.status;
    throw new GradingSelfCheckError(runner.name, detail.split("\n").slice(0, 3).join(" "));
  }
  return result;
}
