/**
 * The dashboard: a greeting (a new learner is told where to start), XP, level, streak, what to
 * do next, achievements, progress per module, recent activity.
 */
import type { ApiCourse } from "../../../src/client/api-client.js";
import { appRoot, client, esc, runner, whenIdle } from "../context.js";
import { icons } from "../icons.js";
import { goalCard, verifiedSkillsCard, wireGoalCard } from "./skills-page.js";

interface Stats {
  xp: number;
  level: number;
  current: number;
  needed: number;
  streakDays: number;
  achievements?: string[];
}

/** An achievement id as a title and what earned it. */
function achievement(id: string, course: ApiCourse): { title: string; detail: string } {
  if (id === "first-pass") return { title: "First pass", detail: "Your first exercise passed" };
  if (id === "streak-7") return { title: "Week streak", detail: "Active 7 days in a row" };
  const module = /^module-complete:(.+)$/.exec(id)?.[1];
  if (module) {
    const title = course.modules.find((m) => m.id === module)?.title ?? module;
    return { title: `${title} complete`, detail: `Every exercise of ${title} passed` };
  }
  return { title: id, detail: "" };
}

function achievements(ids: string[], course: ApiCourse): string {
  const list = ids.length
    ? `<ul class="achievements" data-testid="achievements">${ids
        .map((id) => {
          const a = achievement(id, course);
          return `<li>${icons.award()} <span><b>${esc(a.title)}</b><br><span class="muted small">${esc(a.detail)}</span></span></li>`;
        })
        .join("")}</ul>`
    : `<p class="muted" data-testid="achievements">None yet: your first passing Submit earns the first.</p>`;
  return `<div class="card"><h2>Achievements</h2>${list}</div>`;
}

const percent = (part: number, whole: number) => Math.round((100 * part) / Math.max(whole, 1));

function moduleBars(course: ApiCourse): string {
  return course.modules
    .map((m) => {
      const ex = m.items.filter((i) => i.type === "exercise");
      const done = ex.filter((i) => i.state === "passed").length;
      return `<p class="row"><span>${esc(m.title)}</span> <span class="muted">${done} of ${ex.length}</span></p><div class="bar" role="progressbar" aria-label="${esc(m.title)}" aria-valuemin="0" aria-valuemax="${ex.length}" aria-valuenow="${done}"><span style="width:${percent(done, ex.length)}%"></span></div>`;
    })
    .join("");
}

function activityChart(activity: { day: string; submissions: number }[]): string {
  const days = Array.from({ length: 14 }, (_, i) =>
    new Date(Date.now() - (13 - i) * 86400000).toISOString().slice(0, 10),
  );
  const byDay = new Map(activity.map((a) => [a.day, a.submissions]));
  const max = Math.max(1, ...days.map((d) => byDay.get(d) ?? 0));
  const total = days.reduce((sum, d) => sum + (byDay.get(d) ?? 0), 0);
  const bars = days
    .map((d) => {
      const n = byDay.get(d) ?? 0;
      return `<span title="${d}: ${n} submission${n === 1 ? "" : "s"}" style="height:${percent(n, max)}%"></span>`;
    })
    .join("");
  return `<div class="activity" role="img" aria-label="${total} submissions in the last 14 days">${bars}</div>
    <div class="activity-axis muted small"><span>${days[0]}</span><span>today</span></div>`;
}

export async function dashboard(courseId: string) {
  const [progress, course, skills, goal] = await Promise.all([
    client.progress(),
    client.course(courseId),
    client.mySkills().catch(() => null),
    client.goal().catch(() => null),
  ]);
  const s = progress.stats as unknown as Stats;
  const exercises = course.modules.flatMap((m) => m.items.filter((i) => i.type === "exercise"));
  const next = exercises.find((e) => !e.locked && e.state !== "passed");
  const done = exercises.filter((e) => e.state === "passed").length;
  const items = course.modules.flatMap((m) => m.items);
  const isNew =
    s.xp === 0 && progress.exercises.length === 0 && progress.activity.every((a) => !a.submissions);
  const start = items[0];
  const greeting = isNew
    ? `<h1>Welcome to PyDojo</h1><div class="card" data-testid="start"><p>Start with ${
        start
          ? `the ${start.type} <a href="#/${start.type}/${esc(start.id)}">${esc(start.title)}</a>`
          : "the course"
      }. Each exercise has tests: Run checks your code here in the browser, Submit grades it on the server and earns XP.</p></div>`
    : `<h1>Welcome back</h1>`;
  appRoot().innerHTML = `${greeting}
    <div class="card stats">
      <div class="stat"><span class="muted">XP</span><b data-testid="xp">${s.xp}</b></div>
      <div class="stat"><span class="muted">Level</span><b>${s.level}</b><div class="bar" role="progressbar" aria-label="XP towards the next level" aria-valuemin="0" aria-valuemax="${s.needed}" aria-valuenow="${s.current}"><span style="width:${percent(s.current, s.needed)}%"></span></div><span class="muted small">${s.current} / ${s.needed} XP to level ${s.level + 1}</span></div>
      <div class="stat"><span class="muted">Streak</span><b>${s.streakDays} day${s.streakDays === 1 ? "" : "s"}</b></div>
      <div class="stat"><span class="muted">Done</span><b>${done} / ${exercises.length}</b></div>
    </div>
    ${goal?.goal ? goalCard(goal.goal) : ""}
    ${next ? `<div class="card"><span class="muted">Next up</span><h2><a href="#/exercise/${next.id}">${esc(next.title)}</a></h2></div>` : `<div class="card"><h2>${icons.star()} Course complete</h2></div>`}
    <div class="columns">
      <div class="card"><h2>Modules</h2>${moduleBars(course)}</div>
      <div class="card"><h2>Activity, last 14 days</h2>${activityChart(progress.activity)}</div>
      ${achievements(s.achievements ?? [], course)}
      ${skills ? verifiedSkillsCard(skills.skills) : ""}
    </div>`;
  wireGoalCard(appRoot());
  if (next) prepareNextUp(next.id);
}

/** How long after the dashboard is shown "Next up"'s tests are made ready in the worker. */
const PREPARE_NEXT_AFTER_MS = 1500;

/**
 * While the learner reads the dashboard, "Next up"'s test files are made ready in the browser's
 * Python (`runner.prepare`: compiled, their standard-library imports imported; nothing of the
 * learner's runs), so the first Run on its page is graded as fast as the ones after it. Measured
 * in Chromium on 2 cores: that first Run took 57-106 ms to grade, 25-44 ms with its tests ready.
 */
function prepareNextUp(id: string): void {
  const link = appRoot().querySelector(`a[href="#/exercise/${CSS.escape(id)}"]`);
  whenIdle(
    PREPARE_NEXT_AFTER_MS,
    () =>
      void client
        .exercise(id)
        .then((ex) => link?.isConnected && runner.prepare(ex)) // unless the learner moved on
        .catch(() => {}), // offline, or gone: the page will say so if it is opened
  );
}
