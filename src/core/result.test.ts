import { describe, expect, it } from "vitest";
import { overallStatus } from "./result.js";

describe("overallStatus", () => {
  const of = (...statuses: ("pass" | "fail" | "error" | "skip")[]) =>
    overallStatus(statuses.map((status) => ({ status })));

  it("is a pass only when a test passed and none failed", () => {
    expect(of("pass", "pass")).toBe("pass");
    expect(of("pass", "skip")).toBe("pass");
  });

  it("is a fail when any test failed or errored", () => {
    expect(of("pass", "fail")).toBe("fail");
    expect(of("skip", "error")).toBe("fail");
  });

  it("is an error when no test ran: none at all, or every one skipped", () => {
    expect(of()).toBe("error");
    expect(of("skip")).toBe("error");
    expect(of("skip", "skip", "skip")).toBe("error");
  });
});
