/**
 * The course map: modules with their lessons and exercises; what is solved, in progress, new,
 * and for a locked exercise what unlocks it (with links to those exercises).
 */
import type { ApiCourseItem } from "../../../src/client/api-client.js";
import { appRoot, client, esc } from "../context.js";
import { closedModules, closedNote } from "./cohort-join.js";
import { icons } from "../icons.js";
import { isProjectItem, type ApiProjectItem } from "./project-api.js";
import { projectCard, projectStyles } from "./project-card.js";

const STATE_LABEL: Record<string, string> = {
  attempted: "in progress",
  started: "in progress",
  "not-started": "new",
};

/** "A", "A and B", "A, B and C". */
const andList = (parts: string[]) =>
  parts.length < 2 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;

function exerciseItem(i: ApiCourseItem, all: ApiCourseItem[]): string {
  const meta = `<span class="muted small">difficulty ${i.difficulty}</span>${i.capstone ? ` <span class="badge">capstone</span>` : ""}`;
  if (i.locked) {
    const missing = (i.prerequisites ?? [])
      .filter((p) => all.find((x) => x.id === p)?.state !== "passed")
      .map((p) => {
        const title = all.find((x) => x.id === p)?.title ?? p;
        return `<a href="#/exercise/${esc(p)}">${esc(title)}</a>`;
      });
    return `<li data-state="locked"><span class="badge locked">${icons.lock()} locked</span> <span class="item-main"><a href="#/exercise/${esc(i.id)}" class="locked-title">${esc(i.title)}</a> <span class="unlock small" data-testid="unlock-hint">Pass ${andList(missing)} to unlock</span></span> ${meta}</li>`;
  }
  const badge =
    i.state === "passed"
      ? `<span class="badge solved">${icons.check()} solved</span>`
      : `<span class="badge">${STATE_LABEL[i.state ?? "not-started"]}</span>`;
  return `<li data-state="${esc(i.state ?? "not-started")}">${badge} <span class="item-main"><a href="#/exercise/${esc(i.id)}">${esc(i.title)}</a></span> ${meta}</li>`;
}

export async function coursePage(id: string) {
  const course = await client.course(id);
  const closed = await closedModules(course.modules.map((m) => m.id));
  const all = course.modules.flatMap((m) => m.items);
  const titles = new Map(all.map((i) => [i.id, i.title]));
  const projects = all.filter(isProjectItem);
  if (projects.length) await projectStyles();
  const many = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const count = (type: string) => all.filter((i) => i.type === type).length;
  const size = [
    many(course.modules.length, "module"),
    many(count("exercise"), "exercise"),
    many(count("lesson"), "lesson"),
    ...(projects.length ? [many(projects.length, "project")] : []),
  ].join(" · ");
  // A long map: the modules as a list to jump from (buttons, not links: the address is the router's).
  const jump = `<nav class="module-jump" aria-label="Modules" data-testid="module-jump">${course.modules
    .map(
      (m, i) =>
        `<button type="button" class="ghost small" data-module="${i}">${esc(m.title)}</button>`,
    )
    .join("")}</nav>`;
  appRoot().innerHTML = `<h1>${esc(course.title)}</h1><p class="muted">${esc(course.description)}</p><p class="small" data-testid="course-size">${esc(size)}</p>${course.modules.length > 2 ? jump : ""}${course.modules
    .map(
      (m, i) =>
        `<section class="card" id="module-${i}" tabindex="-1"><h2>${esc(m.title)}</h2><p class="muted">${esc(m.summary)}</p>${closed.has(m.id) ? closedNote() : ""}<ul class="items">${m.items
          .map((i) =>
            isProjectItem(i)
              ? projectCard(i as ApiProjectItem, titles)
              : i.type === "lesson"
                ? `<li data-state="lesson"><span class="badge">lesson</span> <span class="item-main"><a href="#/lesson/${esc(i.id)}">${esc(i.title)}</a></span> <span class="muted small">${i.minutes} min</span></li>`
                : exerciseItem(i, all),
          )
          .join("")}</ul></section>`,
    )
    .join("")}`;
  appRoot()
    .querySelector(".module-jump")
    ?.addEventListener("click", (event) => {
      const button = (event.target as HTMLElement).closest<HTMLElement>("button[data-module]");
      const section = button && document.getElementById(`module-${button.dataset.module}`);
      if (!section) return;
      section.scrollIntoView({ block: "start" });
      section.focus({ preventScroll: true });
    });
}
