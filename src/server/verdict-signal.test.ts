import { describe, expect, it } from "vitest";
import { VerdictSignal } from "./verdict-signal.js";

describe("VerdictSignal", () => {
  it("wakes every request waiting for that submission, and only those", async () => {
    const signal = new VerdictSignal();
    const woken: string[] = [];
    const a1 = signal.wait("a", 60_000).then(() => woken.push("a1"));
    const a2 = signal.wait("a", 60_000).then(() => woken.push("a2"));
    const b = signal.wait("b", 60_000).then(() => woken.push("b"));
    signal.settled("a");
    await Promise.all([a1, a2]);
    expect(woken.sort()).toEqual(["a1", "a2"]);
    signal.settled("b");
    await b;
    expect(woken).toContain("b");
  });

  it("lets a waiter go after its time, and forgets it", async () => {
    const signal = new VerdictSignal();
    await signal.wait("x", 5);
    signal.settled("x"); // nobody waits any more: nothing to do, nothing kept
    expect((signal as unknown as { waiters: Map<string, unknown> }).waiters.size).toBe(0);
  });
});
