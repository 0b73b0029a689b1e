/**
 * A lesson: sanitised Markdown with highlighted Python snippets (the runnable ones editable), and
 * links to the exercises that practise it: those of its module that share a concept with it.
 */
import type { ApiCourse } from "../../../src/client/api-client.js";
import { appRoot, client, esc } from "../context.js";
import { icons } from "../icons.js";
import { enhanceCode, markdown } from "../markdown.js";

function practice(lessonId: string, concepts: string[], course: ApiCourse | null): string {
  const mod = course?.modules.find((m) => m.items.some((i) => i.id === lessonId));
  const exercises = (mod?.items ?? []).filter(
    (i) => i.type === "exercise" && (i.concepts ?? []).some((c) => concepts.includes(c)),
  );
  if (!exercises.length) return "";
  return `<section class="card" aria-labelledby="practice-title" data-testid="lesson-exercises"><h2 id="practice-title">Practise it</h2><ul class="items">${exercises
    .map(
      (e) =>
        `<li>${e.state === "passed" ? `<span class="badge solved">${icons.check()} solved</span>` : e.locked ? `<span class="badge locked">${icons.lock()} locked</span>` : `<span class="badge">exercise</span>`} <span class="item-main"><a href="#/exercise/${esc(e.id)}">${esc(e.title)}</a></span></li>`,
    )
    .join("")}</ul></section>`;
}

export async function lessonPage(id: string) {
  const [lesson, course] = await Promise.all([
    client.lesson(id),
    client.course(id.split("/")[0]!).catch(() => null),
  ]);
  const root = appRoot();
  root.innerHTML = `<p class="small crumb"><a href="#/course/${esc(lesson.id.split("/")[0]!)}">&larr; Course map</a></p><article class="card markdown">${markdown(lesson.markdown)}</article>${practice(lesson.id, lesson.concepts, course)}`;
  enhanceCode(root);
}
