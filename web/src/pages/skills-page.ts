/**
 * The Skills page (issue #16): paste a job posting (or open a .txt/.md file), and optionally a
 * résumé, and see the skills the posting asks for — verified here with their evidence, in
 * progress, missing, and those PyDojo doesn't teach, named — required or nice to have, and the
 * ordered exercises that close the gap with their minutes and the total hours; with a résumé,
 * which of its claims are verified here, which are not, and what the posting wants that it
 * doesn't mention. The path can be pinned as the learner's goal (shown on the dashboard with its
 * progress): the only thing kept. Below: the learner's verified skills, each hideable from the
 * public profile. Each skill links to its page (`#/skills/<id>`, skills-detail-page.ts).
 */
import type {
  ApiGoal,
  ApiHiddenItem,
  ApiLearnerSkill,
  ApiSkill,
  GapReport,
} from "../../../src/client/api-client.js";
import { appRoot, client, errorSentence, esc } from "../context.js";
import { hideButton, skillDetailPage, wireHideButtons } from "./skills-detail-page.js";

const MAX_BYTES = 100 * 1024;
const day = (iso: string) => iso.slice(0, 10);
const exerciseLink = (id: string, title: string) =>
  `<a href="#/exercise/${esc(id)}">${esc(title)}</a>`;
const skillLink = (id: string, name: string) => `<a href="#/skills/${esc(id)}">${esc(name)}</a>`;

type GapSkill = GapReport["skills"][number];

const GROUPS: { status: GapSkill["status"]; title: string; help: string }[] = [
  { status: "verified", title: "Verified here", help: "You passed an exercise that proves it." },
  { status: "in-progress", title: "In progress", help: "You started an exercise that proves it." },
  { status: "missing", title: "Missing", help: "PyDojo teaches it: the path below covers it." },
  {
    status: "not-taught",
    title: "Not taught by PyDojo",
    help: "Named so you can plan for it: learn it elsewhere.",
  },
];

function skillItem(
  s: GapSkill,
  titles: Map<string, string>,
  mine: Map<string, ApiLearnerSkill>,
): string {
  const need = s.required
    ? `<span class="badge need-required">Required</span>`
    : `<span class="badge need-nice">Nice to have</span>`;
  let detail = "";
  if (s.status === "verified") {
    const dates = new Map((mine.get(s.id)?.evidence ?? []).map((e) => [e.id, e.passedAt]));
    detail = `Verified by ${s.evidence
      .map((id) => {
        const when = dates.get(id);
        return `${exerciseLink(id, titles.get(id) ?? id)}${when ? ` (passed <time datetime="${esc(when)}">${day(when)}</time>)` : ""}`;
      })
      .join(", ")}`;
  } else if (s.evidence.length) {
    detail = `Proved by ${s.evidence.map((id) => exerciseLink(id, titles.get(id) ?? id)).join(", ")}`;
  } else if (s.status !== "not-taught") {
    detail = "no exercise on this server covers it yet";
  }
  return `<li data-skill="${esc(s.id)}" data-status="${s.status}"><span class="skill-line"><b>${skillLink(s.id, s.name)}</b> ${need}</span>
    <span class="muted small">“${esc(s.matched)}”, line ${s.line}${detail ? ` · ${detail}` : ""}</span></li>`;
}

function reportHtml(
  report: GapReport,
  titles: Map<string, string>,
  mine: Map<string, ApiLearnerSkill>,
  title: string,
): string {
  if (report.skills.length === 0)
    return `<section class="card" aria-labelledby="found-h"><h2 id="found-h">No skills found</h2><p>Nothing in this text matched a skill PyDojo knows. Is it a job posting or a résumé in English?</p></section>`;
  const count = (status: string) => report.skills.filter((s) => s.status === status).length;
  const groups = GROUPS.map((g) => {
    const list = report.skills.filter((s) => s.status === g.status);
    if (!list.length) return "";
    return `<section class="skill-group" data-group="${g.status}" aria-labelledby="g-${g.status}">
      <h3 id="g-${g.status}">${g.title} <span class="muted">(${list.length})</span></h3>
      <p class="muted small">${g.help}</p>
      <ul class="skill-list">${list.map((s) => skillItem(s, titles, mine)).join("")}</ul></section>`;
  }).join("");
  const excluded = report.excluded.length
    ? `<p class="muted small" data-testid="excluded">Ruled out by the text: ${report.excludedNames.map(esc).join(", ")}.</p>`
    : "";
  const language = report.language
    ? `<p class="notice" data-testid="gap-language">This text looks ${esc(report.language)}: PyDojo reads English postings best, and may miss what ${esc(report.language)} phrasing marks as optional or not needed. Check the list against the text.</p>`
    : "";
  const noPython = !report.skills.some((s) => s.id === "python" && s.required)
    ? `<p class="muted small" data-testid="gap-no-python">This text doesn't ask for Python as a requirement: PyDojo's course, and the path below, may not be what this job needs.</p>`
    : "";
  const total = report.path.reduce((sum, p) => sum + p.minutes, 0);
  const names = new Map(report.skills.map((s) => [s.id, s.name]));
  const path = report.path.length
    ? `<section class="card" aria-labelledby="path-h" data-testid="path">
      <h2 id="path-h">Your path</h2>
      <p><b data-testid="path-count">${report.path.length} exercise${report.path.length === 1 ? "" : "s"}</b>, about <b data-testid="path-hours">${report.hours} h</b> (${total} min), in course order: prerequisites first.</p>
      <ol class="gap-path">${report.path
        .map(
          (p) =>
            `<li data-exercise="${esc(p.id)}">${exerciseLink(p.id, p.title)} <span class="muted small">${p.minutes} min${
              p.skills.length
                ? ` · for ${p.skills.map((id) => esc(names.get(id) ?? id)).join(", ")}`
                : " · a prerequisite"
            }</span></li>`,
        )
        .join("")}</ol>
      <form id="pin-form" aria-labelledby="pin-h">
        <h3 id="pin-h">Pin this path as your goal</h3>
        <p class="muted small">The dashboard then shows it with your progress and the next step. Only the title and the exercises are saved; the posting's text is not.</p>
        <label for="pin-title">Goal title</label>
        <input id="pin-title" name="postingTitle" maxlength="120" required value="${esc(title)}">
        <button type="submit">Pin as my goal</button>
        <p class="status" id="pin-status" role="status"></p>
      </form></section>`
    : `<section class="card" aria-labelledby="path-h" data-testid="path"><h2 id="path-h">Your path</h2><p>${
        count("missing") + count("in-progress") === 0
          ? "Nothing to add: every skill PyDojo teaches in this text is verified."
          : `No exercise on this server covers ${report.skills
              .filter((s) => s.status === "missing" || s.status === "in-progress")
              .map((s) => esc(s.name))
              .join(", ")} yet.`
      }</p></section>`;
  return `<section class="card" aria-labelledby="found-h" data-testid="gap-report">
      <h2 id="found-h">Skills in this text</h2>${language}${noPython}
      <p class="gap-summary"><span><b>${count("verified")}</b> verified</span> <span><b>${count("in-progress")}</b> in progress</span> <span><b>${count("missing")}</b> missing</span> <span><b>${count("not-taught")}</b> not taught here</span></p>
      ${groups}${excluded}
    </section>${report.resume ? resumeHtml(report.resume) : ""}${path}`;
}

const CLAIMS: { title: string; statuses: string[]; help: string; key: string }[] = [
  {
    key: "verified",
    title: "Claimed and verified here",
    statuses: ["verified"],
    help: "A passed server verdict backs the claim.",
  },
  {
    key: "unverified",
    title: "Claimed, not verified yet",
    statuses: ["missing", "in-progress"],
    help: "PyDojo teaches it: pass an exercise that proves it.",
  },
  {
    key: "not-taught",
    title: "Claimed, PyDojo can't verify it",
    statuses: ["not-taught"],
    help: "Show other evidence for these.",
  },
];

function resumeHtml(resume: NonNullable<GapReport["resume"]>): string {
  const groups = CLAIMS.map((g) => {
    const list = resume.claimed.filter((c) => g.statuses.includes(c.status));
    if (!list.length) return "";
    return `<section class="skill-group" data-claims="${g.key}" aria-labelledby="c-${g.key}">
      <h3 id="c-${g.key}">${g.title} <span class="muted">(${list.length})</span></h3>
      <p class="muted small">${g.help}</p>
      <ul class="skill-list">${list
        .map(
          (c) =>
            `<li data-skill="${esc(c.id)}"><span class="skill-line"><b>${skillLink(c.id, c.name)}</b>${
              c.inPosting ? "" : ` <span class="badge need-nice">Not in the posting</span>`
            }</span></li>`,
        )
        .join("")}</ul></section>`;
  }).join("");
  const missing = resume.unmentioned.length
    ? `<section class="skill-group" data-claims="unmentioned" aria-labelledby="c-unmentioned">
      <h3 id="c-unmentioned">The posting asks for, your résumé doesn't mention <span class="muted">(${resume.unmentioned.length})</span></h3>
      <ul class="skill-list">${resume.unmentioned
        .map(
          (u) =>
            `<li data-skill="${esc(u.id)}"><span class="skill-line"><b>${skillLink(u.id, u.name)}</b> ${
              u.required
                ? `<span class="badge need-required">Required</span>`
                : `<span class="badge need-nice">Nice to have</span>`
            }${u.status === "verified" ? ` <span class="muted small">verified here: add it to your résumé</span>` : ""}</span></li>`,
        )
        .join("")}</ul></section>`
    : `<p data-claims="unmentioned">Your résumé mentions every skill the posting asks for.</p>`;
  return `<section class="card" aria-labelledby="resume-h" data-testid="resume-report">
    <h2 id="resume-h">Your résumé against this posting</h2>
    ${resume.claimed.length ? groups : `<p>Your résumé names no skill PyDojo knows.</p>`}${missing}
  </section>`;
}

/** The pinned goal: its progress, the next step, a way to unpin. */
export function goalCard(goal: ApiGoal): string {
  const percent = goal.total ? Math.round((goal.passed / goal.total) * 100) : 0;
  const left = goal.steps.filter((s) => !s.passed).reduce((sum, s) => sum + s.minutes, 0);
  return `<div class="card goal-card" data-testid="goal-card"><span class="muted">Your goal</span>
    <h2>${esc(goal.postingTitle)}</h2>
    <div class="bar" role="progressbar" aria-label="Steps of the goal passed" aria-valuemin="0" aria-valuemax="${goal.total}" aria-valuenow="${goal.passed}"><span style="width:${percent}%"></span></div>
    <p><b data-testid="goal-progress">${goal.passed} / ${goal.total}</b> steps passed${
      goal.next ? ` · about ${left < 60 ? `${left} min` : `${goal.hoursLeft} h`} left` : ""
    }</p>
    <p data-testid="goal-next">${
      goal.next
        ? `Next: ${exerciseLink(goal.next.id, goal.next.title)}`
        : goal.total
          ? "Every step passed: the goal's skills are verified."
          : "None of its exercises is on this server any more."
    }</p>
    <div class="actions"><button type="button" class="ghost small-button" data-unpin>Unpin</button><span class="status" role="status"></span></div></div>`;
}

/** Wires the goal card's Unpin (if `root` shows one): the card goes once the server forgot it. */
export function wireGoalCard(root: HTMLElement): void {
  // On the card, not on `root`: the app's root outlives the page, its listeners would pile up.
  root.querySelector("[data-testid=goal-card]")?.addEventListener("click", (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-unpin]");
    if (!button) return;
    button.disabled = true;
    client.unpinGoal().then(
      () => button.closest("[data-testid=goal-card]")?.remove(),
      (error: unknown) => {
        button.disabled = false;
        const status = button.parentElement!.querySelector(".status")!;
        status.classList.add("error");
        status.textContent = errorSentence(error);
      },
    );
  });
}

/** A title for the goal from the posting: its first line that reads like one. */
function postingTitle(text: string): string {
  const line = text
    .split("\n")
    .map((l) => l.replace(/^[#*\s-]+/, "").trim())
    .find((l) => /[A-Za-z]/.test(l));
  return (line ?? "My goal").slice(0, 120);
}

function mySkillsHtml(skills: ApiLearnerSkill[], hidden: ApiHiddenItem[]): string {
  const verified = skills.filter((s) => s.status === "verified");
  const hiddenSkills = new Set(hidden.filter((h) => h.kind === "skill").map((h) => h.id));
  const body = verified.length
    ? `<ul class="skill-list">${verified
        .map(
          (s) =>
            `<li data-skill="${esc(s.id)}"><span class="skill-line"><b>${skillLink(s.id, s.name)}</b> ${hideButton("skill", s.id, hiddenSkills.has(s.id), s.name)}</span> <span class="muted small">${s.evidence
              .map(
                (e) =>
                  `${exerciseLink(e.id, e.title)} (<time datetime="${esc(e.passedAt)}">${day(e.passedAt)}</time>)`,
              )
              .join(", ")}</span></li>`,
        )
        .join("")}</ul>`
    : `<p class="muted">None yet. A skill is verified when the server grades a passing submission of an exercise that practises it.</p>`;
  return `<section class="card" aria-labelledby="mine-h" id="my-skills">
    <h2 id="mine-h">Your verified skills <span class="muted">(${verified.length})</span></h2>${body}
    <p class="muted small">Share them: turn on your public profile in <a href="#/account">Account</a>. A hidden skill stays verified here but is left out of the profile; hide single exercises on a skill's page.</p>
    <p class="status" id="hide-status" role="status"></p></section>`;
}

export async function skillsPage(id?: string) {
  if (id) return skillDetailPage(id);
  const [map, mine, hidden, goal] = await Promise.all([
    client.skills(),
    client.mySkills(),
    client.hiddenItems(),
    client.goal(),
  ]);
  const titles = new Map<string, string>();
  for (const s of map.skills as ApiSkill[]) for (const e of s.exercises) titles.set(e.id, e.title);
  const mineById = new Map(mine.skills.map((s) => [s.id, s]));
  appRoot().innerHTML = `<h1>Skills</h1>
    ${goal.goal ? goalCard(goal.goal) : ""}
    <section class="card" aria-labelledby="posting-h">
      <h2 id="posting-h">What does a job ask for?</h2>
      <form id="gap-form" class="stack">
        <label for="posting">Paste a job posting (or your résumé alone)</label>
        <textarea id="posting" name="text" rows="10" required aria-describedby="posting-help"></textarea>
        <label for="resume">Your résumé (optional): compare it with the posting</label>
        <textarea id="resume" name="resume" rows="5" aria-describedby="posting-help"></textarea>
        <p class="muted small" id="posting-help">Up to 100 KB each. Read on the server and not stored (unless you pin the path as your goal: then its title and exercises are kept). Matching is by a dictionary of ${map.skills.length} skills, the same for everyone.</p>
        <div class="actions">
          <button type="submit">Find the gap</button>
          <label class="file-pick">Or open a file (.txt, .md) <input type="file" id="posting-file" accept=".txt,.md,text/plain,text/markdown"></label>
        </div>
        <p class="status" id="gap-status" role="status"></p>
      </form>
    </section>
    <div id="gap-result" aria-live="polite"></div>
    ${mySkillsHtml(mine.skills, hidden.hidden)}
    ${allSkillsHtml(map.skills, mineById)}`;
  wireGoalCard(appRoot());
  wireHideButtons(document.getElementById("my-skills")!, document.getElementById("hide-status")!);
  const form = document.getElementById("gap-form") as HTMLFormElement;
  const area = document.getElementById("posting") as HTMLTextAreaElement;
  const resumeArea = document.getElementById("resume") as HTMLTextAreaElement;
  const status = document.getElementById("gap-status")!;
  const result = document.getElementById("gap-result")!;
  const fail = (message: string) => {
    status.textContent = message;
    status.classList.add("error");
  };
  document.getElementById("posting-file")!.addEventListener("change", (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    if (file.size > MAX_BYTES) return fail(`${file.name} is larger than 100 KB.`);
    void file.text().then((text) => {
      if (text.includes("\u0000"))
        return fail(`${file.name} is not text: save the posting as .txt or .md first.`);
      area.value = text;
      form.requestSubmit();
    });
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = area.value;
    const resume = resumeArea.value.trim() ? resumeArea.value : undefined;
    status.classList.remove("error");
    if (!text.trim()) return fail("Paste a posting first.");
    if (new TextEncoder().encode(text).length > MAX_BYTES)
      return fail("The text is larger than 100 KB: paste the posting only.");
    if (resume && new TextEncoder().encode(resume).length > MAX_BYTES)
      return fail("The résumé is larger than 100 KB.");
    status.textContent = "Reading…";
    client.skillGap(text, resume).then(
      (report) => {
        status.textContent = `${report.skills.length} skill${report.skills.length === 1 ? "" : "s"} found.`;
        result.innerHTML = reportHtml(report, titles, mineById, postingTitle(text));
        wirePin(report);
        result.querySelector("h2")?.scrollIntoView({ block: "start" });
      },
      (error: unknown) => fail(errorSentence(error)),
    );
  });
}

/** Every skill of the map by area, each to its page: what PyDojo teaches and what it doesn't. */
function allSkillsHtml(skills: ApiSkill[], mine: Map<string, ApiLearnerSkill>): string {
  const areas = [...new Set(skills.map((s) => s.area))];
  const mark = (s: ApiSkill) =>
    !s.teaches
      ? ` <span class="muted small">not taught here</span>`
      : mine.get(s.id)?.status === "verified"
        ? ` <span class="muted small">verified</span>`
        : s.exercises.length === 0
          ? ` <span class="muted small">no exercise here yet</span>`
          : "";
  return `<section class="card" aria-labelledby="all-h" id="all-skills">
    <h2 id="all-h">All ${skills.length} skills</h2>
    <p class="muted small">Each has a page: what it is, what a junior, mid-level and senior developer does with it, and the lessons and exercises that build it.</p>
    <details><summary>The list, by area</summary><div class="all-skills">${areas
      .map(
        (area) =>
          `<section aria-label="${esc(area)}"><h3>${esc(area.charAt(0).toUpperCase() + area.slice(1))}</h3><ul class="skill-index">${skills
            .filter((s) => s.area === area)
            .map((s) => `<li data-skill="${esc(s.id)}">${skillLink(s.id, s.name)}${mark(s)}</li>`)
            .join("")}</ul></section>`,
      )
      .join("")}</div></details></section>`;
}

/** The path's "Pin as my goal": saves the path's exercises under the title given. */
function wirePin(report: GapReport): void {
  const form = document.getElementById("pin-form") as HTMLFormElement | null;
  if (!form) return;
  const status = document.getElementById("pin-status")!;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    button.disabled = true;
    const title = (form.elements.namedItem("postingTitle") as HTMLInputElement).value;
    client.pinGoal({ postingTitle: title, path: report.path.map((p) => p.id) }).then(
      (saved) => {
        status.classList.remove("error");
        status.classList.add("ok");
        status.innerHTML = `Pinned: ${saved.goal ? `${saved.goal.total} steps.` : ""} It is on your <a href="#/">dashboard</a>.`;
        button.disabled = false;
      },
      (error: unknown) => {
        status.classList.add("error");
        status.textContent = errorSentence(error);
        button.disabled = false;
      },
    );
  });
}

/** The dashboard's card: how many skills are verified, as chips, and the way to the page. */
export function verifiedSkillsCard(skills: ApiLearnerSkill[]): string {
  const verified = skills.filter((s) => s.status === "verified");
  const chips = verified.length
    ? `<ul class="chips" aria-label="Verified skills">${verified
        .map(
          (s) =>
            `<li class="chip" title="${esc(s.evidence.map((e) => e.title).join(", "))}">${skillLink(s.id, s.name)}</li>`,
        )
        .join("")}</ul>`
    : `<p class="muted">None yet: a passing Submit on an exercise verifies the skills it practises.</p>`;
  return `<div class="card" data-testid="skills-card"><h2>Skills verified <span class="muted" data-testid="skills-count">${verified.length}</span></h2>${chips}<p><a href="#/skills">Compare with a job posting</a></p></div>`;
}
