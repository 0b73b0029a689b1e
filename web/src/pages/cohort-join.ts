/**
 * The learner's end of cohorts (issue #18): the Account page's "Your classes" card (join with a
 * code, leave), the join page an invite link opens (#/join/<code>: one click to join, never on
 * its own), and instructors' line comments under the learner's past submissions on the exercise
 * page (shown ones are marked seen, so `pydojo status` stops counting them).
 */
import type { ApiLineComment, ApiMyCohort } from "../../../src/client/cohort-types.js";
import { appRoot, client, errorSentence, esc } from "../context.js";

const day = (iso: string) =>
  new Date(`${iso}T00:00:00`).toLocaleDateString(undefined, { dateStyle: "medium" });

function cohortList(cohorts: ApiMyCohort[]): string {
  if (cohorts.length === 0)
    return `<p class="muted" data-testid="no-cohorts">You are not in a class. If your teacher gave you a code, enter it below.</p>`;
  return `<ul class="cohort-list" data-testid="my-cohorts">${cohorts
    .map(
      (
        c,
      ) => `<li><strong>${esc(c.name)}</strong>${c.startDate ? ` <span class="muted small">starts ${esc(day(c.startDate))}</span>` : ""}
        <button type="button" class="ghost small-button" data-leave="${esc(c.id)}" data-name="${esc(c.name)}">Leave</button></li>`,
    )
    .join("")}</ul>`;
}

/** The Account page's card. */
export function cohortCard(cohorts: ApiMyCohort[]): string {
  return `<section class="card" aria-labelledby="cohorts-h">
    <h2 id="cohorts-h">Your classes</h2>
    <p class="muted small">Your instructors see your progress, your submissions with their code, and can comment on a line of it.</p>
    <div id="my-cohorts">${cohortList(cohorts)}</div>
    <form id="join-cohort" class="inline-form">
      <label>Invite code <input name="code" required maxlength="64" autocomplete="off" spellcheck="false" placeholder="ABCD-EFGH-JKMN"></label>
      <button type="submit">Join</button>
    </form>
    <p class="status" id="cohort-status" role="status"></p>
  </section>`;
}

export function wireCohortCard(): void {
  const status = document.getElementById("cohort-status")!;
  const say = (text: string, ok: boolean) => {
    status.textContent = text;
    status.classList.toggle("ok", ok);
    status.classList.toggle("error", !ok);
  };
  const reload = async () => {
    document.getElementById("my-cohorts")!.innerHTML = cohortList(
      (await client.myCohorts()).cohorts,
    );
  };
  const form = document.getElementById("join-cohort") as HTMLFormElement;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const code = String(new FormData(form).get("code") ?? "");
    try {
      const { cohort, joined } = await client.joinCohort(code);
      form.reset();
      await reload();
      say(joined ? `You joined ${cohort.name}.` : `You are already in ${cohort.name}.`, true);
    } catch (error) {
      say(errorSentence(error), false);
    }
  });
  document.getElementById("my-cohorts")!.addEventListener("click", async (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-leave]");
    if (!button) return;
    if (!confirm(`Leave ${button.dataset.name}? Its instructors stop seeing your work.`)) return;
    try {
      await client.leaveCohort(button.dataset.leave!);
      await reload();
      say(`You left ${button.dataset.name}.`, true);
    } catch (error) {
      say(errorSentence(error), false);
    }
  });
}

/** #/join/<code>: what joining means, and a button. */
export function joinPage(code: string): void {
  appRoot().innerHTML = `<div class="card join-page"><h1>Join a class</h1>
    <p>You were invited with the code <code data-testid="join-code">${esc(code)}</code>.</p>
    <p>Joining lets the class's instructors see your progress and your submissions with their code, and comment on them. You can leave at any time on your Account page.</p>
    <div class="actions"><button type="button" id="join">Join the class</button> <a href="#/">Not now</a></div>
    <p class="status" id="join-status" role="status"></p></div>`;
  const button = document.getElementById("join") as HTMLButtonElement;
  const status = document.getElementById("join-status")!;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const { cohort, joined } = await client.joinCohort(code);
      status.classList.add("ok");
      status.innerHTML = `${joined ? "You joined" : "You are already in"} <strong>${esc(cohort.name)}</strong>. <a href="#/">Go to your dashboard</a>`;
    } catch (error) {
      button.disabled = false;
      status.classList.add("error");
      status.textContent = errorSentence(error);
    }
  });
}

/** The instructors' comments on one exercise's submissions (none when it can't be loaded). */
export async function loadComments(exerciseId: string): Promise<ApiLineComment[]> {
  try {
    return (await client.myComments(exerciseId)).comments;
  } catch {
    return [];
  }
}

/** Under a past submission: its comments, by file and line; new ones marked. */
export function commentsHtml(comments: ApiLineComment[], submissionId: string): string {
  const mine = comments
    .filter((c) => c.submissionId === submissionId)
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  if (mine.length === 0) return "";
  return `<ul class="line-comments" data-testid="line-comments">${mine
    .map(
      (
        c,
      ) => `<li${c.seenAt ? "" : ` class="is-new"`}><span class="where">${esc(c.file)}, line ${c.line}</span>${c.seenAt ? "" : ` <span class="badge">new</span>`}
      <p>${esc(c.text)}</p><span class="muted small">${esc(c.author ?? "an instructor")} · ${esc(new Date(c.createdAt).toLocaleString())}</span></li>`,
    )
    .join("")}</ul>`;
}

/** Marks the shown comments seen (once; failures only mean they stay "new"). */
export function markShown(comments: ApiLineComment[]): void {
  const ids = comments.filter((c) => !c.seenAt).map((c) => c.id);
  if (ids.length > 0) void client.markCommentsSeen(ids).catch(() => {});
}

/**
 * The modules the learner's classes have not opened (submitting there waits): none when they are
 * in no class, or in one with every module open (see Cohorts.closedModule on the server).
 */
export async function closedModules(moduleIds: string[]): Promise<Set<string>> {
  const cohorts = await client.myCohorts().then(
    (r) => r.cohorts,
    () => [],
  );
  if (cohorts.length === 0 || cohorts.some((c) => c.openModules === null)) return new Set();
  const open = new Set(cohorts.flatMap((c) => c.openModules ?? []));
  return new Set(moduleIds.filter((id) => !open.has(id)));
}

export const closedNote = () =>
  `<p class="closed-note" data-testid="module-closed">Your class hasn't opened this module yet: you can read the lessons and run your code here; Submit waits until your instructor opens it.</p>`;
