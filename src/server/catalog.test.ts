import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentCatalog } from "./catalog.js";

const BUNDLED = path.resolve(import.meta.dirname, "../../content");

describe("ContentCatalog.load and a content folder that holds no course", () => {
  it("refuses a folder with no courses/ (a mistyped PYDOJO_CONTENT_DIR), saying what it needs", async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "pydojo-content-"));
    await expect(ContentCatalog.load(empty)).rejects.toThrow(
      /no course found: .*courses does not exist or holds no course folder/,
    );
  });

  it("says so when it names a course folder itself or the courses/ folder", async () => {
    await expect(
      ContentCatalog.load(path.join(BUNDLED, "courses", "python-backend")),
    ).rejects.toThrow(/is a course folder itself/);
    await expect(ContentCatalog.load(path.join(BUNDLED, "courses"))).rejects.toThrow(
      /holds courses directly/,
    );
  });
});
