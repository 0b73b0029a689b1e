/** The course map: modules with their lessons and exercises, what is locked, done, in progress. */
import { appRoot, client, esc } from "../context.js";

const STATE_LABEL: Record<string, string> = {
  passed: "✓ done",
  attempted: "in progress",
  started: "in progress",
  "not-started": "new",
};

export async function coursePage(id: string) {
  const course = await client.course(id);
  appRoot().innerHTML = `<h1>${esc(course.title)}</h1><p class="muted">${esc(course.description)}</p>${course.modules
    .map(
      (m) =>
        `<section class="card"><h2>${esc(m.title)}</h2><p class="muted">${esc(m.summary)}</p><ul class="items">${m.items
          .map((i) =>
            i.type === "lesson"
              ? `<li><span class="badge">lesson</span> <a href="#/lesson/${i.id}">${esc(i.title)}</a> <span class="muted">${i.minutes} min</span></li>`
              : `<li data-state="${i.locked ? "locked" : i.state}"><span class="badge">${i.locked ? "🔒 locked" : STATE_LABEL[i.state ?? "not-started"]}</span> ${i.locked ? `<span class="muted" title="Pass the exercises before it to unlock">${esc(i.title)}</span>` : `<a href="#/exercise/${i.id}">${esc(i.title)}</a>`} <span class="muted">difficulty ${i.difficulty}</span>${i.capstone ? ` <span class="badge">capstone</span>` : ""}</li>`,
          )
          .join("")}</ul></section>`,
    )
    .join("")}`;
}
