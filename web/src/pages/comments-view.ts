/**
 * The analyzers' review comments on the learner's files (the result's `comments`), most
 * important first: severity, where, the message and the lesson that explains it.
 */
import type { ReviewComment } from "../../../src/core/result.js";
import { esc } from "../context.js";

const ORDER = { essential: 0, actionable: 1, informative: 2 } as const;
const SAYS = {
  essential: "change this",
  actionable: "worth changing",
  informative: "good to know",
} as const;

/** `code` in a message as <code>, everything else escaped. */
const inlineCode = (text: string) =>
  esc(text).replace(/`([^`\n]+)`/g, (_, code: string) => `<code>${code}</code>`);

/** "python-backend/identity-and-equality" -> a link to the lesson, titled from its slug. */
function lessonLink(lesson: string): string {
  if (!/^[\w-]+\/[\w-]+$/.test(lesson)) return "";
  const slug = lesson.split("/")[1]!.replace(/-/g, " ");
  return ` <a class="lesson-link" href="#/lesson/${esc(lesson)}">Lesson: ${esc(slug)}</a>`;
}

export function commentsView(comments: readonly ReviewComment[] | undefined): string {
  if (!comments?.length) return "";
  const sorted = [...comments].sort(
    (a, b) => ORDER[a.severity] - ORDER[b.severity] || (a.line ?? 0) - (b.line ?? 0),
  );
  const items = sorted
    .map((c) => {
      const where = [c.file, c.line != null ? `line ${c.line}` : ""].filter(Boolean).join(", ");
      return `<li class="comment ${c.severity}" data-testid="comment"><span class="severity ${c.severity}">${c.severity}</span> <span class="muted">${SAYS[c.severity]}${where ? ` · ${esc(where)}` : ""}</span><p>${inlineCode(c.message)}${c.lesson ? lessonLink(c.lesson) : ""}</p></li>`;
    })
    .join("");
  return `<section class="comments" aria-labelledby="comments-title" data-testid="comments"><h2 id="comments-title">Review comments <span class="muted small">(a reviewer's advice: they count only where a test asks for it)</span></h2><ul>${items}</ul></section>`;
}
