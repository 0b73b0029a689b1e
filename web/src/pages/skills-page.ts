/**
 * The Skills page (issue #16): paste a job posting or a résumé (or open a .txt/.md file) and see
 * the skills it asks for — verified here with their evidence, in progress, missing, and those
 * PyDojo doesn't teach, named — required or nice to have, and the ordered exercises that close
 * the gap with their minutes and the total hours. Below: the learner's verified skills. The text
 * is sent to the server only to be read; nothing is stored.
 */
import type { ApiLearnerSkill, ApiSkill, GapReport } from "../../../src/client/api-client.js";
import { appRoot, client, errorText, esc } from "../context.js";

const MAX_BYTES = 100 * 1024;
const day = (iso: string) => iso.slice(0, 10);
const exerciseLink = (id: string, title: string) =>
  `<a href="#/exercise/${esc(id)}">${esc(title)}</a>`;

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
  return `<li data-skill="${esc(s.id)}" data-status="${s.status}"><span class="skill-line"><b>${esc(s.name)}</b> ${need}</span>
    <span class="muted small">“${esc(s.matched)}”, line ${s.line}${detail ? ` · ${detail}` : ""}</span></li>`;
}

function reportHtml(
  report: GapReport,
  titles: Map<string, string>,
  mine: Map<string, ApiLearnerSkill>,
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
    ? `<p class="muted small" data-testid="excluded">Ruled out by the text: ${report.excluded.map(esc).join(", ")}.</p>`
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
        .join("")}</ol></section>`
    : `<section class="card" aria-labelledby="path-h" data-testid="path"><h2 id="path-h">Your path</h2><p>${
        count("missing") + count("in-progress") === 0
          ? "Nothing to add: every skill PyDojo teaches in this text is verified."
          : `No exercise on this server covers ${report.skills
              .filter((s) => s.status === "missing" || s.status === "in-progress")
              .map((s) => esc(s.name))
              .join(", ")} yet.`
      }</p></section>`;
  return `<section class="card" aria-labelledby="found-h" data-testid="gap-report">
      <h2 id="found-h">Skills in this text</h2>
      <p class="gap-summary"><span><b>${count("verified")}</b> verified</span> <span><b>${count("in-progress")}</b> in progress</span> <span><b>${count("missing")}</b> missing</span> <span><b>${count("not-taught")}</b> not taught here</span></p>
      ${groups}${excluded}
    </section>${path}`;
}

function mySkillsHtml(skills: ApiLearnerSkill[]): string {
  const verified = skills.filter((s) => s.status === "verified");
  const body = verified.length
    ? `<ul class="skill-list">${verified
        .map(
          (s) =>
            `<li data-skill="${esc(s.id)}"><b>${esc(s.name)}</b> <span class="muted small">${s.evidence
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
    <p class="muted small">Share them: turn on your public profile in <a href="#/account">Account</a>.</p></section>`;
}

export async function skillsPage() {
  const [map, mine] = await Promise.all([client.skills(), client.mySkills()]);
  const titles = new Map<string, string>();
  for (const s of map.skills as ApiSkill[]) for (const e of s.exercises) titles.set(e.id, e.title);
  const mineById = new Map(mine.skills.map((s) => [s.id, s]));
  appRoot().innerHTML = `<h1>Skills</h1>
    <section class="card" aria-labelledby="posting-h">
      <h2 id="posting-h">What does a job ask for?</h2>
      <form id="gap-form" class="stack">
        <label for="posting">Paste a job posting or your résumé</label>
        <textarea id="posting" name="text" rows="10" required aria-describedby="posting-help"></textarea>
        <p class="muted small" id="posting-help">Up to 100 KB of text. It is read on the server and not stored. Matching is by a dictionary of ${map.skills.length} skills, the same for everyone.</p>
        <div class="actions">
          <button type="submit">Find the gap</button>
          <label class="file-pick">Or open a file (.txt, .md) <input type="file" id="posting-file" accept=".txt,.md,text/plain,text/markdown"></label>
        </div>
        <p class="status" id="gap-status" role="status"></p>
      </form>
    </section>
    <div id="gap-result" aria-live="polite"></div>
    ${mySkillsHtml(mine.skills)}`;
  const form = document.getElementById("gap-form") as HTMLFormElement;
  const area = document.getElementById("posting") as HTMLTextAreaElement;
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
    status.classList.remove("error");
    if (!text.trim()) return fail("Paste a posting first.");
    if (new TextEncoder().encode(text).length > MAX_BYTES)
      return fail("The text is larger than 100 KB: paste the posting only.");
    status.textContent = "Reading…";
    client.skillGap(text).then(
      (report) => {
        status.textContent = `${report.skills.length} skill${report.skills.length === 1 ? "" : "s"} found.`;
        result.innerHTML = reportHtml(report, titles, mineById);
        result.querySelector("h2")?.scrollIntoView({ block: "start" });
      },
      (error: unknown) => fail(errorText(error)),
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
            `<li class="chip" title="${esc(s.evidence.map((e) => e.title).join(", "))}">${esc(s.name)}</li>`,
        )
        .join("")}</ul>`
    : `<p class="muted">None yet: a passing Submit on an exercise verifies the skills it practises.</p>`;
  return `<div class="card" data-testid="skills-card"><h2>Skills verified <span class="muted" data-testid="skills-count">${verified.length}</span></h2>${chips}<p><a href="#/skills">Compare with a job posting</a></p></div>`;
}
