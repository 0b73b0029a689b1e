/**
 * The Admin page (#/admin, admins only): the grading queue at a glance with a retry button for
 * infra-errors, the users (search, role, disable/enable, a one-time password-reset link to pass
 * on, with a Copy button) and the audit log of admin actions.
 */
import type {
  ApiAdminUser,
  ApiAuditEntry,
  ApiQueueStatus,
  ApiUser,
} from "../../../src/client/api-client.js";
import { appRoot, client, errorSentence, esc } from "../context.js";

const ROLES: ApiUser["role"][] = ["learner", "mentor", "author", "admin"];

const when = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
    : "never";
const seconds = (ms: number | null) => (ms === null ? "–" : `${(ms / 1000).toFixed(1)} s`);
const copyIcon = `<svg class="icon" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"><rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V5a1 1 0 0 1 1-1h10"/></svg>`;

function say(id: string, text: string, ok = false) {
  const el = document.getElementById(id);
  if (!el) return;
  el.textContent = text;
  el.classList.toggle("ok", ok);
}

function queueCard(q: ApiQueueStatus): string {
  const stat = (label: string, value: string, testid: string, bad = false) =>
    `<div class="stat${bad ? " bad" : ""}"><dt>${label}</dt><dd data-testid="${testid}">${esc(value)}</dd></div>`;
  return `<dl class="queue-stats">
      ${stat("Waiting", String(q.depth), "queue-depth")}
      ${stat("Grading now", String(q.running), "queue-running")}
      ${stat("Infra-errors, last hour", String(q.infraErrorsLastHour), "queue-infra", q.infraErrorsLastHour > 0)}
      ${stat("Graded, last hour", String(q.gradedLastHour), "queue-graded")}
      ${stat("Average grade time", seconds(q.avgGradeMs), "queue-avg")}
      ${stat("95th percentile", seconds(q.p95GradeMs), "queue-p95")}
      ${stat("Runner", q.runner, "queue-runner")}
    </dl>`;
}

function userRow(u: ApiAdminUser, me: string): string {
  const self = u.id === me;
  const options = ROLES.map(
    (r) => `<option value="${r}"${r === u.role ? " selected" : ""}>${r}</option>`,
  ).join("");
  const disabled = u.disabledAt !== null;
  return `<tr data-user="${esc(u.id)}"${disabled ? ` class="is-disabled"` : ""}>
    <td data-label="User"><strong>${esc(u.displayName)}</strong>${self ? ` <span class="badge">you</span>` : ""}<br><span class="muted small">${esc(u.email)}</span></td>
    <td data-label="Role"><label class="visually-hidden" for="role-${esc(u.id)}">Role of ${esc(u.email)}</label>
      <select id="role-${esc(u.id)}" data-role="${esc(u.id)}"${self ? ` disabled title="You can't change your own role"` : ""}>${options}</select></td>
    <td data-label="Joined">${esc(when(u.createdAt))}</td>
    <td data-label="Last active">${esc(when(u.lastActiveAt))}</td>
    <td data-label="XP" class="num">${u.xp}</td>
    <td data-label="Status">${disabled ? `<span class="badge bad">Disabled</span>` : `<span class="badge ok">Active</span>`}</td>
    <td class="row-actions">${
      self
        ? ""
        : `<button type="button" class="ghost${disabled ? "" : " danger"}" data-toggle="${esc(u.id)}" data-disable="${!disabled}">${disabled ? "Enable" : "Disable"}</button>`
    } <button type="button" class="ghost" data-reset="${esc(u.id)}" data-email="${esc(u.email)}">Reset password</button></td>
  </tr>`;
}

function usersTable(users: ApiAdminUser[], me: string): string {
  if (users.length === 0) return `<p class="muted" data-testid="no-users">No user matches.</p>`;
  return `<table class="admin-table" data-testid="users">
    <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Joined</th><th scope="col">Last active</th><th scope="col" class="num">XP</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody>${users.map((u) => userRow(u, me)).join("")}</tbody></table>`;
}

const ACTIONS: Record<string, string> = {
  "user.role": "changed the role of",
  "user.disable": "disabled",
  "user.enable": "enabled",
  "user.password-reset": "made a password-reset link for",
  "user.password-reset-used": "set a new password from a reset link:",
  "queue.retry-infra": "retried the infra-errors",
  "cohort.create": "created a class",
  "cohort.update": "changed a class",
  "cohort.delete": "deleted a class",
  "cohort.invite-new": "made a new invite code for a class",
  "cohort.invite-off": "turned joining off for a class",
  "cohort.instructor-add": "made an instructor of a class:",
  "cohort.instructor-remove": "removed an instructor of a class:",
  "cohort.member-remove": "removed from a class:",
  "comment.add": "commented on a submission of",
};

function detailText(e: ApiAuditEntry): string {
  const d = e.detail;
  if (e.action === "user.role") return `${String(d.from)} → ${String(d.to)}`;
  if (e.action === "queue.retry-infra") return `${Number(d.requeued)} re-enqueued`;
  if (e.action === "user.password-reset-used")
    return `${Number(d.tokensRevoked)} API token(s) revoked`;
  if (e.action === "user.password-reset") return `expires ${when(String(d.expiresAt))}`;
  if (e.action === "comment.add") return `${String(d.file)}, line ${Number(d.line)}`;
  if (e.action.startsWith("cohort.") && d.name) return String(d.name);
  return d.via ? String(d.via) : "";
}

function auditTable(entries: ApiAuditEntry[]): string {
  if (entries.length === 0) return `<p class="muted">No admin action yet.</p>`;
  return `<table class="admin-table audit" data-testid="audit">
    <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Details</th></tr></thead>
    <tbody>${entries
      .map(
        (e) => `<tr>
      <td data-label="When">${esc(when(e.at))}</td>
      <td data-label="Who">${esc(e.actorEmail ?? (e.detail.via ? "local CLI" : "deleted user"))}</td>
      <td data-label="What">${esc(ACTIONS[e.action] ?? e.action)}${e.targetId ? ` <strong>${esc(e.targetEmail ?? "a deleted user")}</strong>` : ""}</td>
      <td data-label="Details" class="muted">${esc(detailText(e))}</td></tr>`,
      )
      .join("")}</tbody></table>`;
}

export async function adminPage(me: ApiUser) {
  if (me.role !== "admin") {
    appRoot().innerHTML = `<div class="card"><h1>Admin</h1><p>This page is for admins only.</p><p><a href="#/">Back to the dashboard</a></p></div>`;
    return;
  }
  const [queue, users, audit] = await Promise.all([
    client.adminQueue(),
    client.adminUsers(),
    client.adminAudit(),
  ]);
  appRoot().innerHTML = `<div class="account admin"><h1>Admin</h1>
    <section class="card" aria-labelledby="queue-h">
      <div class="card-head"><h2 id="queue-h">Grading queue</h2>
        <button type="button" class="ghost" id="queue-refresh">Refresh</button></div>
      <div id="queue">${queueCard(queue)}</div>
      <div class="actions"><button type="button" id="retry-infra">Retry infra-errors</button>
        <p class="status" id="queue-status" role="status"></p></div>
      <p class="muted small">Infra-errors are submissions the grader could not run (not the learner's fault). Retrying puts every one of them back in the queue.</p>
    </section>
    <section class="card" aria-labelledby="users-h">
      <h2 id="users-h">Users</h2>
      <form id="user-search" class="inline-form" role="search">
        <label>Search <input name="q" type="search" maxlength="100" placeholder="email or name" autocomplete="off"></label>
        <button type="submit">Search</button>
      </form>
      <div id="reset-link" aria-live="polite"></div>
      <p class="status" id="users-status" role="status"></p>
      <div id="users">${usersTable(users.users, me.id)}</div>
    </section>
    <section class="card" aria-labelledby="audit-h">
      <h2 id="audit-h">Audit log</h2>
      <div id="audit">${auditTable(audit.entries)}</div>
    </section></div>`;
  wire(me);
}

function wire(me: ApiUser) {
  let query = "";
  const reloadUsers = async () => {
    const { users } = await client.adminUsers(query);
    document.getElementById("users")!.innerHTML = usersTable(users, me.id);
  };
  const reloadAudit = async () => {
    const { entries } = await client.adminAudit();
    document.getElementById("audit")!.innerHTML = auditTable(entries);
  };
  const reloadQueue = async () => {
    document.getElementById("queue")!.innerHTML = queueCard(await client.adminQueue());
  };

  document.getElementById("queue-refresh")!.addEventListener("click", () => {
    reloadQueue().then(
      () => say("queue-status", "Up to date.", true),
      (error: unknown) => say("queue-status", errorSentence(error)),
    );
  });
  document.getElementById("retry-infra")!.addEventListener("click", async (e) => {
    const button = e.currentTarget as HTMLButtonElement;
    button.disabled = true;
    try {
      const { requeued } = await client.adminRetryInfra();
      say(
        "queue-status",
        requeued === 0
          ? "No infra-error to retry."
          : `${requeued} submission${requeued === 1 ? "" : "s"} back in the queue.`,
        true,
      );
      await Promise.all([reloadQueue(), reloadAudit()]);
    } catch (error) {
      say("queue-status", errorSentence(error));
    } finally {
      button.disabled = false;
    }
  });

  document.getElementById("user-search")!.addEventListener("submit", (e) => {
    e.preventDefault();
    query = String(new FormData(e.target as HTMLFormElement).get("q") ?? "").trim();
    reloadUsers().then(
      () => say("users-status", ""),
      (error: unknown) => say("users-status", errorSentence(error)),
    );
  });

  const users = document.getElementById("users")!;
  users.addEventListener("change", async (e) => {
    const select = (e.target as HTMLElement).closest<HTMLSelectElement>("select[data-role]");
    if (!select) return;
    try {
      const { user } = await client.adminUpdateUser(select.dataset.role!, {
        role: select.value as ApiUser["role"],
      });
      say("users-status", `${user.email} is now ${user.role}.`, true);
      await reloadAudit();
    } catch (error) {
      say("users-status", errorSentence(error));
      await reloadUsers();
    }
  });
  users.addEventListener("click", async (e) => {
    const target = e.target as HTMLElement;
    const toggle = target.closest<HTMLButtonElement>("button[data-toggle]");
    const reset = target.closest<HTMLButtonElement>("button[data-reset]");
    try {
      if (toggle) {
        toggle.disabled = true;
        const disable = toggle.dataset.disable === "true";
        const { user } = await client.adminUpdateUser(toggle.dataset.toggle!, {
          disabled: disable,
        });
        await reloadUsers();
        say(
          "users-status",
          disable
            ? `${user.email} is disabled: signed out everywhere, and their API tokens stop working until you enable them.`
            : `${user.email} is enabled again.`,
          true,
        );
        document.querySelector<HTMLButtonElement>(`button[data-toggle="${user.id}"]`)?.focus();
        await reloadAudit();
      } else if (reset) {
        reset.disabled = true;
        const link = await client.adminPasswordReset(reset.dataset.reset!);
        reset.disabled = false;
        showResetLink(reset.dataset.email!, link.url, link.expiresAt);
        await reloadAudit();
      }
    } catch (error) {
      say("users-status", errorSentence(error));
      if (toggle) toggle.disabled = false;
      if (reset) reset.disabled = false;
    }
  });
}

function showResetLink(email: string, url: string, expiresAt: string) {
  const box = document.getElementById("reset-link")!;
  const until = new Date(expiresAt).toLocaleTimeString(undefined, { timeStyle: "short" });
  box.innerHTML = `<div class="created" data-testid="reset-link">
    <p><strong>Password-reset link for ${esc(email)}</strong>: give it to them privately. It works once, until ${esc(until)} (30 minutes); setting a new password signs them out everywhere and revokes their API tokens.</p>
    <div class="copy-row"><code id="reset-url" class="secret">${esc(url)}</code>
      <button type="button" class="ghost" id="copy-reset">${copyIcon} Copy</button></div>
    <p class="status" id="reset-status" role="status"></p></div>`;
  document.getElementById("copy-reset")!.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(url);
      say("reset-status", "Copied.", true);
    } catch {
      say("reset-status", "Copying was refused: select the link and copy it yourself.");
    }
  });
  document.getElementById("copy-reset")!.focus();
}
