import { describe, expect, it } from "vitest";
import { hintWarnings, splitHints } from "./hints.js";

describe("hints.md", () => {
  it("splits at level-2 headings, dropping the headings and a title", () => {
    expect(splitHints("# Hints\n\n## First\nNudge.\n\n## Second\nMore.\n")).toEqual([
      "Nudge.",
      "More.",
    ]);
    expect(hintWarnings("# Hints\n\n## First\nNudge.\n")).toEqual([]);
  });

  it("warns when no hint would show, or text before the first heading would be lost", () => {
    expect(hintWarnings("# Hints\n\n### Second\nMore.\n")).toEqual([
      expect.stringContaining("no hint: each hint starts at a '## ' heading"),
    ]);
    expect(hintWarnings("Think about it first.\n\n## First\nNudge.\n")).toEqual([
      expect.stringContaining("the text before the first '## ' heading is never shown"),
    ]);
  });
});
