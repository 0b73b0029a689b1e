/** An exercise's `.docs/hints.md`: one hint per `## ` heading, nudge first. Pure. */

/** The hints, in order: the text under each `## ` heading (the heading itself is not shown). */
export function splitHints(markdown: string | null): string[] {
  if (!markdown) return [];
  return markdown
    .split(/^## .*$/m)
    .slice(1)
    .map((h) => h.trim())
    .filter(Boolean);
}

/** What `pydojo check` says of a hints.md that would lose text or show no hint. */
export function hintWarnings(markdown: string | null): string[] {
  if (markdown === null) return [];
  const warnings: string[] = [];
  if (splitHints(markdown).length === 0)
    warnings.push(
      ".docs/hints.md: no hint: each hint starts at a '## ' heading (level 2), and this file has none with text under it",
    );
  // Before the first `## `: only a title may stand there (`# Hints`); other text is never shown.
  const before = markdown
    .split(/^## .*$/m)[0]!
    .replace(/^# .*$/m, "")
    .trim();
  if (before && splitHints(markdown).length > 0)
    warnings.push(
      ".docs/hints.md: the text before the first '## ' heading is never shown: move it under a heading",
    );
  return warnings;
}
