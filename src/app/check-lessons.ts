/** Runs a lesson's ```python run snippets with a runner: they must finish without an uncaught
 * exception (or raise one, when marked `run error`). Reuses the grading path end to end. */
import { runnableSnippets } from "../core/course.js";
import type { GradeResult } from "../core/result.js";
import { DEFAULT_LIMITS, type GradeJob, type Runner } from "../runners/runner.js";

/** A job whose tests execute each snippet; null when the lesson has none. */
export function snippetJob(markdown: string, label: string, lineOffset = 0): GradeJob | null {
  const snippets = runnableSnippets(markdown).map((s) => ({ ...s, line: s.line + lineOffset }));
  if (snippets.length === 0) return null;
  const data = JSON.stringify(snippets.map((s) => [s.code, s.expectsError, s.line]));
  const tests = snippets
    .map((s, i) => `def test_snippet_at_line_${s.line}():\n    _run(${i})\n`)
    .join("\n");
  const source = `import json

_SNIPPETS = json.loads(${JSON.stringify(data)})


def _run(index):
    code, expects_error, line = _SNIPPETS[index]
    try:
        exec(compile(code, ${JSON.stringify(label)} + f", snippet at line {line}", "exec"), {"__name__": "__main__"})
    except Exception:
        if not expects_error:
            raise
        return
    if expects_error:
        raise AssertionError("this snippet is marked 'python run error' but raised nothing")


${tests}`;
  return {
    tests: [{ path: "lesson_snippets_test.py", content: source }],
    solution: [],
    solutionModules: [],
    limits: DEFAULT_LIMITS,
  };
}

export async function checkLessonSnippets(
  markdown: string,
  label: string,
  runner: Runner,
  lineOffset = 0,
): Promise<GradeResult | null> {
  const job = snippetJob(markdown, label, lineOffset);
  return job ? runner.grade(job) : null;
}
