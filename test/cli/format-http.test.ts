/** The CLI prints a failed test's HTTP transcript the way `curl -v` does, cleaned of escapes. */
import { describe, expect, it } from "vitest";
import { gradeResultSchema, type GradeResult } from "../../src/core/result.js";
import { formatResult, makeStyle } from "../../src/cli/format-result.js";

const exchange = (n: number) => ({
  request: {
    method: "GET",
    target: `/items/${n}`,
    headers: [["Host", "localhost"]] as [string, string][],
    body: "",
    body_bytes: 0,
  },
  response: {
    status: 404,
    reason: "Not Found",
    headers: [["Content-Type", "text/plain\u001b[31m"]] as [string, string][],
    body: "no item " + n,
    body_bytes: 3000,
  },
});

function result(http: unknown[]): GradeResult {
  return gradeResultSchema.parse({
    version: 3,
    status: "fail",
    message: null,
    limit: null,
    runner: "sandbox",
    python: "3.11.2",
    isolation: "isolated",
    duration_ms: 10,
    tests: [
      {
        name: "get item",
        status: "fail",
        message: "assert 404 == 200",
        output: null,
        test_code: "",
        task_id: null,
        duration_ms: 1,
        limit: null,
        http,
      },
    ],
  });
}

describe("HTTP transcripts in the CLI", () => {
  it("shows request and response lines like curl -v, the last five, without escapes", () => {
    const text = formatResult("t", result([1, 2, 3, 4, 5, 6].map(exchange)), makeStyle(false));
    expect(text).toContain("(1 earlier request(s) not shown)");
    expect(text).not.toContain("/items/1 ");
    expect(text).toContain("      > GET /items/6 HTTP/1.1\n      > Host: localhost\n      >");
    expect(text).toContain("      < HTTP/1.1 404 Not Found\n      < Content-Type: text/plain");
    expect(text).toContain("no item 6");
    expect(text).toContain("(3000 bytes, cut)");
    expect(text).not.toContain("\u001b[31m");
  });

  it("says when the app gave no response", () => {
    const text = formatResult(
      "t",
      result([
        {
          ...exchange(1),
          response: null,
          error: "SpecError: start_response was not called\nTraceback",
        },
      ]),
      makeStyle(false),
    );
    expect(text).toContain("* no response: SpecError: start_response was not called");
    expect(text).not.toContain("Traceback");
  });

  it("rejects a transcript that is not one", () => {
    expect(() => result([{ request: { method: "GET" } }])).toThrow();
  });
});
