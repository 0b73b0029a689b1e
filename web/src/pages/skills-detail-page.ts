/**
 * A skill's page (`#/skills/<id>`, issue #16): what it is, what a junior, a mid-level and a
 * senior developer is expected to do with it, the lessons that teach it and the exercises that
 * verify it (by concepts), the learner's evidence (passed server verdicts with their dates), the
 * phrasings postings use and the related skills. A skill PyDojo doesn't teach, or one no
 * exercise on this server verifies yet, says so. The learner can hide the skill, or one exercise
 * of its evidence, from their public profile.
 */
import type { ApiSkillPage } from "../../../src/client/api-client.js";
import { appRoot, client, errorSentence, esc } from "../context.js";

const day = (iso: string) => iso.slice(0, 10);
const AREA = (area: string) => area.charAt(0).toUpperCase() + area.slice(1);

const STATUS: Record<string, string> = {
  verified: "Verified: you passed an exercise that proves it on the server.",
  "in-progress": "In progress: you started an exercise that proves it.",
  "not-yet": "Not verified yet.",
};

/** A button that hides an item from the public profile or shows it again. */
export function hideButton(kind: "skill" | "exercise", id: string, hidden: boolean, label: string) {
  const name = `<span class="visually-hidden">${esc(label)} </span>`;
  return `<button type="button" class="ghost small-button" data-hide-kind="${kind}" data-hide-id="${esc(id)}" data-hide-label="${esc(label)}" data-hidden="${hidden}">${
    hidden ? `Show ${name}on profile` : `Hide ${name}from profile`
  }</button>`;
}

/**
 * Wires every hide button under `root` (an element of this page, not the app's root, which
 * outlives it): one click saves, then the button says the new state.
 */
export function wireHideButtons(root: HTMLElement, status: HTMLElement): void {
  root.addEventListener("click", (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-hide-kind]");
    if (!button) return;
    const kind = button.dataset.hideKind as "skill" | "exercise";
    const id = button.dataset.hideId!;
    const hide = button.dataset.hidden !== "true";
    button.disabled = true;
    client.setHidden({ kind, id }, hide).then(
      () => {
        const label = button.dataset.hideLabel ?? id;
        button.outerHTML = hideButton(kind, id, hide, label);
        status.classList.remove("error");
        status.textContent = hide
          ? `${label} is hidden from your public profile.`
          : `${label} is shown on your public profile again.`;
      },
      (error: unknown) => {
        button.disabled = false;
        status.classList.add("error");
        status.textContent = errorSentence(error);
      },
    );
  });
}

function pageHtml(s: ApiSkillPage): string {
  const mine = s.mine;
  const passed = new Map((mine?.evidence ?? []).map((e) => [e.id, e.passedAt]));
  const hiddenExercises = new Set(mine?.hiddenExercises ?? []);
  const honest = !s.teaches
    ? `<p class="notice" data-testid="not-taught"><b>Not taught by PyDojo.</b> No lesson or exercise here teaches or verifies ${esc(s.name)}: learn it elsewhere. It is listed so that a job posting's gap report names it instead of hiding it.</p>`
    : s.exercises.length === 0
      ? `<p class="notice" data-testid="not-taught">No exercise on this server verifies ${esc(s.name)} yet, so it cannot be proved here.</p>`
      : "";
  const levels = `<section class="card" aria-labelledby="levels-h"><h2 id="levels-h">What each level does with it</h2>
    <dl class="skill-levels">
      <div><dt>Junior</dt><dd>${esc(s.levels.junior)}</dd></div>
      <div><dt>Mid-level</dt><dd>${esc(s.levels.mid)}</dd></div>
      <div><dt>Senior</dt><dd>${esc(s.levels.senior)}</dd></div>
    </dl></section>`;
  const lessons = s.lessons.length
    ? `<ul class="skill-list" data-testid="skill-lessons">${s.lessons
        .map(
          (l) =>
            `<li><a href="#/lesson/${esc(l.id)}">${esc(l.title)}</a> <span class="muted small">${l.minutes} min read</span></li>`,
        )
        .join("")}</ul>`
    : `<p class="muted">No lesson covers it${s.teaches ? " on this server" : ""}.</p>`;
  const exercises = s.exercises.length
    ? `<ul class="skill-list" data-testid="skill-exercises">${s.exercises
        .map((x) => {
          const when = passed.get(x.id);
          return `<li data-exercise="${esc(x.id)}"><span class="skill-line"><a href="#/exercise/${esc(x.id)}">${esc(x.title)}</a> <span class="muted small">${x.minutes} min${
            when ? ` · <b>passed <time datetime="${esc(when)}">${day(when)}</time></b>` : ""
          }</span>${when ? hideButton("exercise", x.id, hiddenExercises.has(x.id), x.title) : ""}</span></li>`;
        })
        .join("")}</ul>`
    : `<p class="muted">None on this server.</p>`;
  const evidence = !mine
    ? ""
    : `<section class="card" aria-labelledby="mine-h" data-testid="skill-mine" data-status="${mine.status}">
      <h2 id="mine-h">Your evidence</h2>
      <p>${STATUS[mine.status] ?? ""}</p>
      ${
        mine.evidence.length
          ? `<ul class="skill-list">${mine.evidence
              .map(
                (e) =>
                  `<li><span><a href="#/exercise/${esc(e.id)}">${esc(e.title)}</a> <span class="muted small">passed <time datetime="${esc(e.passedAt)}">${day(e.passedAt)}</time>${hiddenExercises.has(e.id) ? " · hidden from your profile" : ""}</span></span></li>`,
              )
              .join("")}</ul>
      <div class="actions">${hideButton("skill", s.id, mine.hidden, s.name)}</div>
      <p class="muted small">Your public profile (if it is on) shows verified skills with these exercises and dates. Hide the skill, or one exercise above, to leave it out.</p>`
          : ""
      }
    </section>`;
  const related = s.related.length
    ? `<ul class="chips" aria-label="Related skills">${s.related
        .map(
          (r) =>
            `<li class="chip"><a href="#/skills/${esc(r.id)}">${esc(r.name)}</a>${r.teaches ? "" : ` <span class="muted small">(not taught here)</span>`}</li>`,
        )
        .join("")}</ul>`
    : `<p class="muted">None listed.</p>`;
  return `<p class="muted small"><a href="#/skills">Skills</a> › ${esc(AREA(s.area))}</p>
    <h1>${esc(s.name)}</h1>
    <p class="lead">${esc(s.description)}</p>
    ${honest}
    ${evidence}
    ${levels}
    <div class="columns">
      <section class="card" aria-labelledby="learn-h"><h2 id="learn-h">Lessons that teach it</h2>${lessons}</section>
      <section class="card" aria-labelledby="prove-h"><h2 id="prove-h">Exercises that verify it</h2>${exercises}
        <p class="muted small">A passing Submit, graded on the server, verifies the skill; a Run in the browser does not.</p></section>
    </div>
    <section class="card" aria-labelledby="words-h"><h2 id="words-h">How postings name it</h2>
      <p>${s.synonyms.map((w) => `<q>${esc(w)}</q>`).join(", ")}</p>
      <h2 id="related-h">Related skills</h2>${related}</section>
    <p class="status" id="hide-status" role="status"></p>`;
}

export async function skillDetailPage(id: string): Promise<void> {
  let skill: ApiSkillPage;
  try {
    skill = await client.skill(id);
  } catch (error) {
    appRoot().innerHTML = `<h1>Skill not found</h1><div class="card"><p>${esc(errorSentence(error))} <a href="#/skills">All skills</a></p></div>`;
    return;
  }
  appRoot().innerHTML = `<div id="skill-page">${pageHtml(skill)}</div>`;
  wireHideButtons(document.getElementById("skill-page")!, document.getElementById("hide-status")!);
}
