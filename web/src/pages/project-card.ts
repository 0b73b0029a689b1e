/**
 * A project on the course map: a card with its title, summary, stage count, progress (stages
 * passed of all), whether it is locked (and what unlocks it), and a link to its page.
 */
import { esc } from "../context.js";
import { icons } from "../icons.js";
import type { ApiProjectItem } from "./project-api.js";

let styles: Promise<void> | null = null;

/** The projects' stylesheet (/project.css), added to the page once. */
export function projectStyles(): Promise<void> {
  styles ??= new Promise<void>((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = "/project.css";
    link.onload = () => resolve();
    link.onerror = () => resolve();
    document.head.append(link);
  });
  return styles;
}

/** The page of a project: `#/project/<course>/<slug>`. */
export const projectHref = (id: string) => `#/project/${id.split("/").map(esc).join("/")}`;

/**
 * The card as a list item of the module's items. `titles` names the items the prerequisites
 * point at (id -> title), for the unlock hint.
 */
export function projectCard(item: ApiProjectItem, titles: Map<string, string>): string {
  const total = item.stages.length;
  const passed = item.stages.filter((s) => s.state === "passed").length;
  const state = item.locked ? "locked" : item.state;
  const badge = item.locked
    ? `<span class="badge locked">${icons.lock()} locked</span>`
    : item.state === "passed"
      ? `<span class="badge solved">${icons.check()} finished</span>`
      : `<span class="badge">${item.state === "in-progress" ? "in progress" : "new"}</span>`;
  const unlock =
    item.locked && item.prerequisites.length
      ? `<p class="unlock small" data-testid="project-unlock">Pass ${item.prerequisites
          .map((p) => `<a href="#/exercise/${esc(p)}">${esc(titles.get(p) ?? p)}</a>`)
          .join(", ")} to start it</p>`
      : "";
  const pct = total ? Math.round((passed / total) * 100) : 0;
  return `<li class="pj-card" data-state="${esc(state)}" data-testid="project-card">
    <div class="pj-card-head"><span class="badge">project</span> ${badge}</div>
    <h3 class="pj-card-title"><a href="${projectHref(item.id)}"${item.locked ? ` class="locked-title"` : ""}>${esc(item.title)}</a></h3>
    <p class="muted small">${esc(item.summary)}</p>
    <p class="small pj-card-meta"><span data-testid="project-stages">${total} stage${total === 1 ? "" : "s"}</span> · difficulty ${item.difficulty}${item.minutes ? ` · ~${item.minutes} min` : ""}</p>
    <div class="pj-progress"><div class="bar" role="progressbar" aria-label="Stages passed: ${passed} of ${total}" aria-valuemin="0" aria-valuemax="${total}" aria-valuenow="${passed}"><span style="width:${pct}%"></span></div><span class="small" data-testid="project-progress">${passed} of ${total} stages passed</span></div>
    <ol class="pj-card-stages" aria-label="Stages">${item.stages
      .map(
        (s) =>
          `<li data-state="${esc(s.state)}">${s.state === "passed" ? icons.check() : `<span class="pj-dot" aria-hidden="true"></span>`} <span>${esc(s.title)}</span><span class="visually-hidden">: ${s.state === "passed" ? "passed" : s.state === "attempted" ? "in progress" : "not started"}</span></li>`,
      )
      .join("")}</ol>
    ${unlock}
  </li>`;
}
