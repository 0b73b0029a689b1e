/**
 * Write-the-tests exercises can only be passed by testing behaviour: a learner's suite that
 * fingerprints the code under test (its source, its docstring, its names) is rejected, through
 * the real sandbox runner; an honest suite still passes.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeExercise } from "../src/app/grade-exercise.js";
import { loadExercise, type LoadedExercise } from "../src/content/exercise-loader.js";
import type { GradeResult } from "../src/core/result.js";
import { createRunner } from "../src/runners/create-runner.js";
import type { Runner } from "../src/runners/runner.js";

const DIR = path.resolve(
  import.meta.dirname,
  "../content/courses/python-backend/04-testing-and-debugging/exercises/slugify-tests",
);
const BEHAVIOUR = /test what (it|the code) does, not how it is written/;

let runner: Runner;
let exercise: LoadedExercise;
let honest: string;
beforeAll(async () => {
  runner = await createRunner("sandbox");
  exercise = await loadExercise(DIR);
  honest = await readFile(path.join(DIR, ".meta/example_test.py"), "utf8");
});
afterAll(async () => {
  await runner?.close();
});

const grade = (content: string) =>
  gradeExercise(exercise, [{ path: "test_slugify.py", content }], runner);

/** No catch is credited to a suite that fails on correct code. */
function expectNothingCounted(result: GradeResult) {
  const catches = result.tests.filter((t) => t.name.startsWith("catches: "));
  expect(catches).toHaveLength(exercise.meta!.variants.length);
  for (const c of catches) {
    expect(c.status).toBe("fail");
    expect(c.message).toMatch(
      /^not counted yet: first make your tests pass on (the|every) correct/,
    );
  }
}

describe("write-the-tests: fingerprinting suites are rejected (sandbox)", () => {
  it("a suite comparing a hash of the subject's source with the known correct source", async () => {
    const known = createHash("sha256")
      .update(await readFile(path.join(DIR, "slugify.py"), "utf8"))
      .digest("hex");
    const suite = `
import hashlib
import inspect

import slugify as subject

KNOWN = "${known}"


def _source():
    try:
        return inspect.getsource(subject)
    except Exception:
        pass
    for path in ("slugify.py", "/work/slugify.py", "/solution/slugify.py", "/tmp/slugify.py"):
        try:
            with open(path, encoding="utf-8") as f:
                return f.read()
        except OSError:
            pass
    return ""


def test_it_is_the_correct_code():
    assert hashlib.sha256(_source().encode()).hexdigest() == KNOWN
`;
    const result = await grade(suite);
    expect(result.status).toBe("fail");
    // The source is nowhere the tests can read it: what they hashed is the empty text.
    const empty = createHash("sha256").update("").digest("hex");
    expect(result.tests[0]).toMatchObject({
      name: "your tests pass on the correct implementation",
      status: "fail",
    });
    expect(result.tests[0]!.message).toContain(empty);
    expect(result.tests[0]!.message).not.toContain("re.sub");
    expectNothingCounted(result);
  });

  it("a suite reading the subject's source through str.format in the subject's process", async () => {
    // Red team, 2026-12-07: a string of the tests sent as the target of \`format\`, with the
    // subject as its argument, followed \`__globals__\` to the loader's sources (the hidden
    // equivalents' too). A request must now act on an object the subject's side handed over.
    const suite = `
import sys

from slugify import slugify


def _leak():
    module = sys.modules["slugify"]
    endpoint = object.__getattribute__(module, "_pd_session").ensure()
    ref = endpoint.codec.encode(slugify)
    return endpoint.request({
        "op": "callattr", "t": "{0.__globals__[__spec__].loader.sources}", "n": "format",
        "a": {"$t": [ref]}, "k": {"$d": []},
    })


def test_it_is_the_correct_code():
    assert "re.sub" in _leak()
`;
    const result = await grade(suite);
    expect(result.status).toBe("fail");
    expect(result.tests[0]).toMatchObject({
      name: "your tests pass on the correct implementation",
      status: "fail",
    });
    expect(JSON.stringify(result)).not.toMatch(/re\.sub|ALLOWED|def slugify/);
    expectNothingCounted(result);
  });

  it("a suite keyed on the subject's __doc__", async () => {
    const suite = `${honest}

def test_it_is_the_documented_function():
    assert "Each run of characters other than a-z and 0-9" in (slugify.__doc__ or "")
`;
    const result = await grade(suite);
    expect(result.status).toBe("fail");
    expect(result.tests[0]!.status).toBe("fail");
    expect(result.tests[0]!.message).toMatch(/it_is_the_documented_function: .*docstring/);
    expect(result.tests[0]!.message).toMatch(BEHAVIOUR);
    expectNothingCounted(result);
  });

  it("a suite that checks how the subject is written (it uses re) fails on an equivalent", async () => {
    // Honest tests plus one about the implementation: passes on the given code, catches every
    // bug, and is still rejected by the hidden correct implementation written without re.
    const suite = `${honest}

import slugify as subject_module


def test_it_is_built_on_regular_expressions():
    assert hasattr(subject_module, "re")
`;
    const result = await grade(suite);
    expect(result.status).toBe("fail");
    expect(result.tests[0]).toMatchObject({ status: "pass" });
    const equivalents = result.tests.filter((t) =>
      t.name.startsWith("your tests pass on a correct implementation written differently"),
    );
    expect(equivalents.map((t) => t.status)).toEqual(["fail", "pass"]);
    expect(equivalents[0]!.message).toBe(
      "Your tests fail on a correct implementation written differently (equivalent 1 of 2): " +
        "test what the code does, not how it is written.\n" +
        "failing: it_is_built_on_regular_expressions",
    );
    // Never the equivalent's source.
    expect(equivalents[0]!.message).not.toMatch(/ALLOWED|words|def /);
    expectNothingCounted(result);
  });

  it("the exercise's honest reference tests pass everything", async () => {
    const result = await grade(honest);
    expect(result.tests.filter((t) => t.status !== "pass")).toEqual([]);
    expect(result.status).toBe("pass");
    expect(result.tests).toHaveLength(
      1 + exercise.meta!.equivalents.length + exercise.meta!.variants.length,
    );
  });
});

describe("pydojo check on a write-tests exercise (sandbox)", () => {
  it("names what is missing, a fake equivalent, a variant the reference misses and a failing equivalent", async () => {
    const { cp, mkdtemp, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { checkExercise } = await import("../src/app/check-exercise.js");
    const dir = await mkdtemp(path.join(tmpdir(), "pydojo-wt-"));
    try {
      await cp(DIR, dir, { recursive: true });
      const metaPath = path.join(dir, ".meta/pydojo.json");
      const meta = JSON.parse(await readFile(metaPath, "utf8"));
      const subject = await readFile(path.join(dir, "slugify.py"), "utf8");
      // Only comments and docstrings differ: not a real equivalent.
      await writeFile(
        path.join(dir, ".meta/equivalents/same.py"),
        subject.replace(/"""[\s\S]*?"""/g, '"""Another docstring."""') + "# a comment\n",
      );
      // "Correct" but it isn't: the reference tests fail on it.
      await writeFile(
        path.join(dir, ".meta/equivalents/wrong.py"),
        "def slugify(title):\n    return title.lower().replace(' ', '-') or 'untitled'\n",
      );
      // A variant that behaves exactly like the subject: the reference tests cannot catch it.
      await writeFile(
        path.join(dir, ".meta/variants/not-a-bug.py"),
        "import re\n\ndef slugify(title):\n    return re.sub('[^a-z0-9]+', '-', title.lower()).strip('-') or 'untitled'\n",
      );
      meta.variants = [
        ...meta.variants.slice(0, 6),
        {
          name: "not-a-bug",
          description: "nothing",
          files: { "slugify.py": ".meta/variants/not-a-bug.py" },
        },
      ];
      meta.equivalents = [
        { name: "same", files: { "slugify.py": ".meta/equivalents/same.py" } },
        { name: "wrong", files: { "slugify.py": ".meta/equivalents/wrong.py" } },
      ];
      await writeFile(metaPath, JSON.stringify(meta));
      const outcome = await checkExercise(dir, runner);
      expect(outcome.status).toBe("fail");
      expect(outcome.problems).toEqual(
        expect.arrayContaining([
          ".meta/pydojo.json: variants: 7 buggy variants, at least 8 needed: add variants that each break one rule the instructions state",
          expect.stringMatching(
            /^\.meta\/pydojo\.json: equivalents\.0 \(same\): \.meta\/equivalents\/same\.py is slugify\.py with only comments, docstrings or spacing changed/,
          ),
          expect.stringMatching(
            /^reference tests: fail on equivalent wrong: a_run_of_separators_becomes_one_dash\[Hello, World-hello-world\]: /,
          ),
          "reference tests: do not catch variant not-a-bug (nothing)",
        ]),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("passes the bundled exercise", async () => {
    const { checkExercise } = await import("../src/app/check-exercise.js");
    const outcome = await checkExercise(DIR, runner);
    expect(outcome.problems).toEqual([]);
    expect(outcome.status).toBe("pass");
  });
});
