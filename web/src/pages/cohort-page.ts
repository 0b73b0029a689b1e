/**
 * The instructor's pages (issue #18; mentors and admins): #/cohorts lists the classes they teach
 * and creates one; #/cohort/<id> is a class: its invite code and link, open modules, a grid of
 * learners x exercises (passed / attempted / not started; the first column stays put while the
 * grid scrolls sideways, on a phone too), where learners are stuck (exercises with many failed
 * verdicts, learners inactive for N days), the CSV export, and a learner's submissions with
 * their code, where a click on a line leaves a comment the learner sees.
 */
import type { ApiUser } from "../../../src/client/api-client.js";
import type {
  ApiCellState,
  ApiCohort,
  ApiCohortOverview,
  ApiLearnerSubmission,
} from "../../../src/client/cohort-types.js";
import { appRoot, client, errorSentence, esc } from "../context.js";
import { icons } from "../icons.js";

const isStaff = (me: ApiUser) => me.role === "mentor" || me.role === "admin";
const when = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
    : "never";
const day = (iso: string) =>
  new Date(`${iso}T00:00:00`).toLocaleDateString(undefined, { dateStyle: "medium" });

function say(id: string, text: string, ok: boolean) {
  const el = document.getElementById(id);
  if (!el) return;
  el.textContent = text;
  el.classList.toggle("ok", ok);
  el.classList.toggle("error", !ok);
}

function notForYou() {
  appRoot().innerHTML = `<div class="card"><h1>Teaching</h1><p>This page is for instructors. If you teach a class here, ask an admin to make you a mentor.</p><p><a href="#/">Back to the dashboard</a></p></div>`;
}

/** #/cohorts: the classes the caller teaches (admins: all) and a form to create one. */
export async function cohortsPage(me: ApiUser) {
  if (!isStaff(me)) return notForYou();
  const { cohorts } = await client.cohorts();
  appRoot().innerHTML = `<div class="account cohorts"><h1>Teaching</h1>
    <section class="card" aria-labelledby="classes-h"><h2 id="classes-h">Your classes</h2>
      ${
        cohorts.length
          ? `<ul class="cohort-list" data-testid="cohorts">${cohorts.map(listItem).join("")}</ul>`
          : `<p class="muted">No class yet: create one below, then give your learners its invite code.</p>`
      }
    </section>
    <section class="card" aria-labelledby="new-h"><h2 id="new-h">New class</h2>
      <form id="new-cohort" class="inline-form">
        <label>Name <input name="name" required maxlength="100" autocomplete="off"></label>
        <label>Starts <input name="startDate" type="date"></label>
        <button type="submit">Create</button>
      </form>
      <p class="status" id="new-status" role="status"></p>
    </section></div>`;
  const form = document.getElementById("new-cohort") as HTMLFormElement;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      const { cohort } = await client.createCohort({
        name: String(data.get("name") ?? ""),
        startDate: String(data.get("startDate") ?? "") || null,
      });
      location.hash = `#/cohort/${cohort.id}`;
    } catch (error) {
      say("new-status", errorSentence(error), false);
    }
  });
}

const listItem = (c: ApiCohort) =>
  `<li><a href="#/cohort/${esc(c.id)}"><strong>${esc(c.name)}</strong></a>${c.startDate ? ` <span class="muted small">starts ${esc(day(c.startDate))}</span>` : ""} <span class="muted small">code ${c.inviteCode ? `<code>${esc(c.inviteCode)}</code>` : "off"}</span></li>`;

const CELL: Record<ApiCellState, { mark: () => string; text: string }> = {
  passed: { mark: () => icons.check(), text: "passed" },
  attempted: { mark: () => `<span class="dot" aria-hidden="true"></span>`, text: "attempted" },
  "not-started": { mark: () => "", text: "not started" },
};

function grid(o: ApiCohortOverview, cohortId: string): string {
  if (o.learners.length === 0)
    return `<p class="muted" data-testid="no-learners">Nobody has joined yet. Give your learners the invite code or link below.</p>`;
  const head = o.exercises
    .map(
      (e, i) =>
        `<th scope="col" title="${esc(e.title)}"><span class="ex-head">${i + 1}. ${esc(e.title)}</span></th>`,
    )
    .join("");
  const rows = o.learners
    .map((l) => {
      const cells = o.exercises
        .map((e) => {
          const state = o.grid[l.userId]?.[e.id] ?? "not-started";
          const c = CELL[state];
          return `<td class="cell ${state}" title="${esc(`${l.displayName}: ${e.title}, ${c.text}`)}">${c.mark()}<span class="visually-hidden">${c.text}</span></td>`;
        })
        .join("");
      return `<tr><th scope="row"><a href="#/cohort/${esc(cohortId)}?learner=${esc(l.userId)}" data-learner="${esc(l.userId)}">${esc(l.displayName)}</a><span class="muted small">${l.passed}/${o.exercises.length} passed</span></th>${cells}</tr>`;
    })
    .join("");
  return `<div class="grid-scroll" tabindex="0" role="region" aria-label="Progress grid, scrolls sideways">
    <table class="progress-grid" data-testid="progress-grid">
      <thead><tr><th scope="col" class="corner">Learner</th>${head}</tr></thead>
      <tbody>${rows}</tbody></table></div>
    <p class="legend muted small">${icons.check()} passed · <span class="dot" aria-hidden="true"></span> attempted, not passed yet · empty: not started</p>`;
}

function stuck(o: ApiCohortOverview): string {
  const ex = o.stuck.exercises.length
    ? `<ul data-testid="stuck-exercises">${o.stuck.exercises
        .map(
          (e) =>
            `<li><a href="#/exercise/${esc(e.exerciseId)}">${esc(e.title)}</a>: <strong>${e.failures}</strong> failed submissions by ${e.learners} learner${e.learners === 1 ? "" : "s"}</li>`,
        )
        .join("")}</ul>`
    : `<p class="muted">No exercise with ${o.stuck.minFailures} or more failed submissions.</p>`;
  const idle = o.stuck.inactive.length
    ? `<ul data-testid="inactive">${o.stuck.inactive
        .map(
          (l) =>
            `<li>${esc(l.displayName)} <span class="muted small">last active ${esc(when(l.lastActiveAt))}</span></li>`,
        )
        .join("")}</ul>`
    : `<p class="muted">Everyone was active in the last ${o.stuck.inactiveDays} days.</p>`;
  return `<form id="stuck-form" class="inline-form">
      <label>Failed submissions at least <input name="minFailures" type="number" min="1" max="1000" value="${o.stuck.minFailures}"></label>
      <label>Inactive for days <input name="inactiveDays" type="number" min="1" max="365" value="${o.stuck.inactiveDays}"></label>
      <button type="submit" class="ghost">Update</button>
    </form>
    <div class="stuck-lists"><div><h3>Exercises with many failures</h3>${ex}</div>
    <div><h3>Inactive learners</h3>${idle}</div></div>`;
}

function settings(o: ApiCohortOverview): string {
  const c = o.cohort;
  const open = new Set(c.openModules ?? o.modules.map((m) => m.id));
  const invite = c.inviteCode
    ? `<p>Invite code <code class="invite-code" data-testid="invite-code">${esc(c.inviteCode)}</code></p>
       <p class="copy-row"><code id="join-url" class="secret">${esc(c.joinUrl ?? "")}</code>
       <button type="button" class="ghost" id="copy-join">Copy link</button></p>`
    : `<p data-testid="invite-off">Joining is off: no code works.</p>`;
  return `${invite}
    <div class="actions"><button type="button" class="ghost" id="new-code">${c.inviteCode ? "New code" : "Turn joining on"}</button>
      ${c.inviteCode ? `<button type="button" class="ghost danger" id="code-off">Turn joining off</button>` : ""}</div>
    <form id="modules-form" class="modules-form"><fieldset><legend>Open modules: members can submit only in these</legend>
      ${o.modules.map((m) => `<label class="check"><input type="checkbox" name="module" value="${esc(m.id)}"${open.has(m.id) ? " checked" : ""}> ${esc(m.title)}</label>`).join("")}
    </fieldset><button type="submit" class="ghost">Save modules</button></form>`;
}

function instructors(o: ApiCohortOverview, me: ApiUser): string {
  const list = o.instructors.length
    ? `<ul>${o.instructors.map((i) => `<li>${esc(i.displayName)} <span class="muted small">${esc(i.email)}</span></li>`).join("")}</ul>`
    : `<p class="muted">No instructor yet.</p>`;
  const add =
    me.role === "admin"
      ? `<form id="add-instructor" class="inline-form"><label>Email of a mentor <input name="email" type="email" required></label><button type="submit" class="ghost">Add instructor</button></form>`
      : "";
  return list + add;
}

/** #/cohort/<id>[?learner=<userId>] */
export async function cohortPage(me: ApiUser, id: string, query: URLSearchParams) {
  if (!isStaff(me)) return notForYou();
  const options = {
    inactiveDays: Number(query.get("inactiveDays")) || undefined,
    minFailures: Number(query.get("minFailures")) || undefined,
  };
  const o = await client.cohort(id, options);
  const c = o.cohort;
  appRoot().innerHTML = `<div class="account cohort-page"><p class="muted small"><a href="#/cohorts">Teaching</a></p>
    <h1>${esc(c.name)}</h1>
    <p class="muted">${o.learners.length} learner${o.learners.length === 1 ? "" : "s"}${c.startDate ? ` · starts ${esc(day(c.startDate))}` : ""} · ${c.inviteCode ? `invite code <code>${esc(c.inviteCode)}</code>` : "joining is off"}</p>
    <section class="card" aria-labelledby="grid-h"><div class="card-head"><h2 id="grid-h">Progress</h2>
      <a class="button ghost" href="/api/cohorts/${esc(c.id)}/progress.csv" download data-testid="csv">Download CSV</a></div>
      ${grid(o, c.id)}</section>
    <section class="card" aria-labelledby="stuck-h"><h2 id="stuck-h">Where learners are stuck</h2>${stuck(o)}</section>
    <section class="card" aria-labelledby="learner-h" id="learner-card"><h2 id="learner-h">A learner's submissions</h2>
      <div id="learner"><p class="muted">Choose a learner in the grid to see their submissions and comment on a line.</p></div></section>
    <section class="card" aria-labelledby="join-h"><h2 id="join-h">Joining</h2>${settings(o)}
      <p class="status" id="settings-status" role="status"></p></section>
    <section class="card" aria-labelledby="instructors-h"><h2 id="instructors-h">Instructors</h2>${instructors(o, me)}
      <p class="status" id="instructors-status" role="status"></p></section></div>`;
  wire(me, o, query);
  const learner = query.get("learner");
  if (learner) await showLearner(c.id, learner, o);
}

function wire(me: ApiUser, o: ApiCohortOverview, query: URLSearchParams) {
  const id = o.cohort.id;
  const again = () => void cohortPage(me, id, query);
  document.getElementById("copy-join")?.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(o.cohort.joinUrl ?? "");
      say("settings-status", "Link copied.", true);
    } catch {
      say("settings-status", "Copy it by hand: select the link above.", false);
    }
  });
  document.getElementById("new-code")?.addEventListener("click", async () => {
    if (o.cohort.inviteCode && !confirm("Make a new code? The current one stops working.")) return;
    await client
      .cohortInvite(id, true)
      .then(again, (e: unknown) => say("settings-status", errorSentence(e), false));
  });
  document.getElementById("code-off")?.addEventListener("click", async () => {
    await client
      .cohortInvite(id, false)
      .then(again, (e: unknown) => say("settings-status", errorSentence(e), false));
  });
  const modules = document.getElementById("modules-form") as HTMLFormElement;
  modules.addEventListener("submit", async (e) => {
    e.preventDefault();
    const picked = new FormData(modules).getAll("module").map(String);
    const all = picked.length === o.modules.length;
    try {
      await client.updateCohort(id, { openModules: all ? null : picked });
      say(
        "settings-status",
        all ? "Every module is open." : `${picked.length} of ${o.modules.length} modules open.`,
        true,
      );
    } catch (error) {
      say("settings-status", errorSentence(error), false);
    }
  });
  const stuckForm = document.getElementById("stuck-form") as HTMLFormElement;
  stuckForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = new FormData(stuckForm);
    const q = new URLSearchParams({
      minFailures: String(data.get("minFailures")),
      inactiveDays: String(data.get("inactiveDays")),
    });
    location.hash = `#/cohort/${id}?${q.toString()}`;
  });
  const add = document.getElementById("add-instructor") as HTMLFormElement | null;
  add?.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await client.addCohortInstructor(id, String(new FormData(add).get("email") ?? ""));
      again();
    } catch (error) {
      say("instructors-status", errorSentence(error), false);
    }
  });
}

function codeView(s: ApiLearnerSubmission): string {
  return s.files
    .map((f) => {
      const lines = f.content.replace(/\n$/, "").split("\n");
      const body = lines
        .map((text, i) => {
          const n = i + 1;
          const notes = s.comments
            .filter((c) => c.file === f.path && c.line === n)
            .map(
              (c) =>
                `<div class="line-note" data-testid="line-note"><strong>${esc(c.author ?? "instructor")}</strong>: ${esc(c.text)}</div>`,
            )
            .join("");
          return `<li><button type="button" class="line-button" data-sub="${esc(s.id)}" data-file="${esc(f.path)}" data-line="${n}" aria-label="Comment on line ${n} of ${esc(f.path)}">${n}</button><code>${esc(text) || " "}</code>${notes}</li>`;
        })
        .join("");
      return `<figure class="code-listing"><figcaption>${esc(f.path)}</figcaption><ol>${body}</ol></figure>`;
    })
    .join("");
}

async function showLearner(cohortId: string, userId: string, o: ApiCohortOverview) {
  const host = document.getElementById("learner")!;
  const titles = new Map(o.exercises.map((e) => [e.id, e.title]));
  try {
    const { learner, submissions } = await client.cohortLearnerSubmissions(cohortId, userId);
    const verdict = (s: ApiLearnerSubmission) =>
      s.verdict === "pass"
        ? `<span class="verdict pass">${icons.check()} passed</span>`
        : s.verdict
          ? `<span class="verdict fail">${icons.cross()} ${esc(s.verdict)}</span>`
          : `<span class="verdict pending">${esc(s.status)}</span>`;
    host.innerHTML = `<p><strong data-testid="learner-name">${esc(learner.displayName)}</strong> <span class="muted small">${esc(learner.email)} · last active ${esc(when(learner.lastActiveAt))}</span>
        <button type="button" class="ghost danger small-button" id="remove-learner">Remove from class</button></p>
      <p class="status" id="learner-status" role="status"></p>
      ${
        submissions.length
          ? submissions
              .map(
                (s) => `<article class="learner-sub" data-testid="learner-sub">
              <h3>${esc(titles.get(s.exerciseId) ?? s.exerciseId)} ${verdict(s)} <span class="muted small">${s.total !== null ? `${s.passed}/${s.total} tests · ` : ""}${esc(when(s.createdAt))}</span></h3>
              ${s.failures.length ? `<ul class="failures">${s.failures.map((f) => `<li><code>${esc(f.name)}</code>${f.message ? `: ${esc(f.message)}` : ""}</li>`).join("")}</ul>` : ""}
              ${codeView(s)}</article>`,
              )
              .join("")
          : `<p class="muted">No submission yet.</p>`
      }
      <form id="comment-form" class="comment-form" hidden>
        <p id="comment-where"></p>
        <label>Comment <textarea name="text" required maxlength="4000" rows="3"></textarea></label>
        <div class="actions"><button type="submit">Comment</button> <button type="button" class="ghost" id="comment-cancel">Cancel</button></div>
        <p class="status" id="comment-status" role="status"></p>
      </form>`;
    wireComments(cohortId, userId, o);
    document.getElementById("remove-learner")!.addEventListener("click", async () => {
      if (!confirm(`Remove ${learner.displayName} from ${o.cohort.name}? Their work stays theirs.`))
        return;
      try {
        await client.removeCohortMember(cohortId, userId);
        location.hash = `#/cohort/${cohortId}`;
      } catch (error) {
        say("learner-status", errorSentence(error), false);
      }
    });
  } catch (error) {
    host.innerHTML = `<p class="error">${esc(errorSentence(error))}</p>`;
  }
}

function wireComments(cohortId: string, userId: string, o: ApiCohortOverview) {
  const host = document.getElementById("learner")!;
  const form = document.getElementById("comment-form") as HTMLFormElement;
  let target: { sub: string; file: string; line: number } | null = null;
  host.addEventListener("click", (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button.line-button");
    if (!button) return;
    target = {
      sub: button.dataset.sub!,
      file: button.dataset.file!,
      line: Number(button.dataset.line),
    };
    document.getElementById("comment-where")!.textContent = `${target.file}, line ${target.line}`;
    button.closest("li")!.append(form);
    form.hidden = false;
    form.querySelector("textarea")!.focus();
  });
  document.getElementById("comment-cancel")!.addEventListener("click", () => {
    form.hidden = true;
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!target) return;
    try {
      await client.commentOnLine(cohortId, target.sub, {
        file: target.file,
        line: target.line,
        text: String(new FormData(form).get("text") ?? ""),
      });
      await showLearner(cohortId, userId, o);
      say("comment-status", "", true);
    } catch (error) {
      say("comment-status", errorSentence(error), false);
    }
  });
}
