/**
 * The Account page: profile (name, time zone), password, personal API tokens for the CLI
 * (created with a name and shown once, listed with their last use, revoked after a confirmation),
 * and how to install and sign in the command line.
 */
import { ApiError, type ApiToken, type ApiUser } from "../../../src/client/api-client.js";
import { appRoot, client, errorSentence, esc } from "../context.js";
import { cohortCard, wireCohortCard } from "./cohort-join.js";
import { publicProfileCard, wirePublicProfile } from "./public-profile-card.js";

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Every IANA zone the browser knows, plus the saved one and UTC (some browsers list neither). */
function zones(saved: string): string[] {
  const list = new Set(Intl.supportedValuesOf("timeZone"));
  list.add("UTC");
  list.add(saved);
  list.add(browserZone());
  return [...list].sort();
}

const when = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
    : "never";

/** Copies text; falls back to selecting it in a hidden field where the Clipboard API is refused. */
async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "offscreen";
    document.body.append(field);
    field.select();
    const ok = document.execCommand("copy");
    field.remove();
    return ok;
  }
}

const copyIcon = `<svg class="icon" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"><rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V5a1 1 0 0 1 1-1h10"/></svg>`;

function profileCard(user: ApiUser): string {
  const browser = browserZone();
  const options = zones(user.timeZone)
    .map(
      (z) =>
        `<option value="${esc(z)}"${z === user.timeZone ? " selected" : ""}>${esc(z.replace(/_/g, " "))}</option>`,
    )
    .join("");
  return `<section class="card" aria-labelledby="profile-h">
    <h2 id="profile-h">Profile</h2>
    <form id="profile" class="stack">
      <label>Display name <input name="displayName" required maxlength="60" autocomplete="nickname" value="${esc(user.displayName)}"></label>
      <p class="field"><span class="label">Email</span> <span>${esc(user.email)}</span></p>
      <label>Time zone <select name="timeZone" aria-describedby="zone-help">${options}</select></label>
      <p class="muted small" id="zone-help">Your daily streak counts days in this time zone.${
        browser !== user.timeZone
          ? ` This browser is in ${esc(browser)}. <button type="button" class="link" id="use-browser-zone">Use ${esc(browser)}</button>`
          : ""
      }</p>
      <div class="actions"><button type="submit">Save profile</button>
      <p class="status" id="profile-status" role="status"></p></div>
    </form>
  </section>`;
}

function passwordCard(): string {
  return `<section class="card" aria-labelledby="password-h">
    <h2 id="password-h">Password</h2>
    <p class="muted">Changing your password signs out your other browsers and revokes every API
      token below: <strong>your CLI will need to log in again</strong> (run <code>pydojo login</code>).</p>
    <form id="password" class="stack">
      <label>Current password <input name="currentPassword" type="password" required autocomplete="current-password"></label>
      <label>New password <input name="newPassword" type="password" required minlength="10" autocomplete="new-password" aria-describedby="new-rule"></label>
      <p class="muted small" id="new-rule">At least 10 characters.</p>
      <label>Confirm the new password <input name="confirmPassword" type="password" required minlength="10" autocomplete="new-password"></label>
      <div class="actions"><button type="submit">Change password</button>
      <p class="status" id="password-status" role="status"></p></div>
    </form>
  </section>`;
}

function dataCard(): string {
  return `<section class="card" aria-labelledby="data-h">
    <h2 id="data-h">Your data</h2>
    <p class="muted">Everything PyDojo holds about you (profile, every submission with its code and
      verdict, progress, drafts) in one JSON file.</p>
    <p><a href="/api/me/export" download data-testid="export"><strong>Download my data</strong></a> (JSON)</p>
    <details class="danger-zone">
      <summary>Delete my account</summary>
      <p>This deletes your account, your submissions, progress and drafts <strong>for good</strong>
        (download your data first if you want to keep it). Your API tokens stop working.</p>
      <form id="delete-account" class="stack">
        <label>Password <input name="password" type="password" required autocomplete="current-password"></label>
        <label>Type <strong>delete my account</strong> to confirm <input name="confirm" required autocomplete="off" spellcheck="false"></label>
        <div class="actions"><button type="submit" class="danger">Delete my account</button>
        <p class="status" id="delete-status" role="status"></p></div>
      </form>
    </details>
  </section>`;
}

function wireDelete() {
  const form = document.getElementById("delete-account") as HTMLFormElement;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    if (data.confirm?.trim() !== "delete my account") {
      say(
        "delete-status",
        'Type "delete my account" exactly to confirm; nothing was deleted.',
        false,
      );
      return;
    }
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    button.disabled = true;
    try {
      await client.deleteAccount(data.password!, data.confirm.trim());
      appRoot().innerHTML = `<div class="account"><h1>Account deleted</h1>
        <p>Your account and everything of yours are gone. <a href="#/signup">Sign up</a> again any time.</p></div>`;
    } catch (error) {
      say("delete-status", error instanceof ApiError ? error.message : String(error), false);
      button.disabled = false;
    }
  });
}

function tokenRows(tokens: ApiToken[]): string {
  const active = tokens.filter((t) => !t.revokedAt);
  if (active.length === 0)
    return `<p class="muted" id="no-tokens">No API tokens yet. The CLI makes one for itself when you run <code>pydojo login</code>, or create one here.</p>`;
  return `<table class="tokens" data-testid="tokens">
    <thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody>${active
      .map(
        (t) => `<tr data-token="${esc(t.id)}">
          <td data-label="Name"><strong>${esc(t.name)}</strong> <code class="muted small">${esc(t.prefix)}…</code></td>
          <td data-label="Created">${esc(when(t.createdAt))}</td>
          <td data-label="Last used">${esc(when(t.lastUsedAt))}</td>
          <td class="row-actions"><button type="button" class="ghost danger" data-revoke="${esc(t.id)}" data-name="${esc(t.name)}">Revoke</button></td>
        </tr>`,
      )
      .join("")}</tbody></table>`;
}

function tokensCard(tokens: ApiToken[]): string {
  return `<section class="card" aria-labelledby="tokens-h">
    <h2 id="tokens-h">API tokens</h2>
    <p class="muted">A token lets the <code>pydojo</code> command line (or a script) act as you. Give
      each computer its own, and revoke the ones you no longer use.</p>
    <form id="new-token" class="inline-form">
      <label>Token name <input name="name" required maxlength="60" placeholder="e.g. work laptop"></label>
      <button type="submit">Create token</button>
    </form>
    <p class="error" id="token-error" role="alert"></p>
    <div id="created" aria-live="polite"></div>
    <div id="token-list">${tokenRows(tokens)}</div>
  </section>`;
}

function cliCard(): string {
  const origin = location.origin;
  return `<section class="card" aria-labelledby="cli-h">
    <h2 id="cli-h">Command line</h2>
    <p>Work on exercises in your own editor and submit from the terminal. Install the CLI from
      this site (one file, no dependencies; Node.js 20 or newer), then sign it in:</p>
    <pre class="command"><code>npm install -g ${esc(origin)}/cli/pydojo-cli.tgz
pydojo login --server ${esc(origin)}</code></pre>
    <p class="muted">It shows a code and opens this site to approve it; on a machine without a
      browser, create a token above and pass it with <code>--token</code>. The guide to every
      command is <code>docs/cli.md</code> in the PyDojo repository (or run <code>pydojo help</code>).</p>
  </section>`;
}

function createdBox(name: string, token: string): string {
  const command = `pydojo login --server ${location.origin} --token ${token}`;
  return `<div class="created" data-testid="created-token">
    <p><strong>Token “${esc(name)}” created.</strong> Copy it now: it is shown only once.</p>
    <div class="copy-row"><code id="token-value" class="secret">${esc(token)}</code>
      <button type="button" class="ghost" data-copy="token-value">${copyIcon} Copy</button></div>
    <p class="muted small">Or paste this into the terminal of the computer that will use it:</p>
    <div class="copy-row"><code id="token-command" class="secret">${esc(command)}</code>
      <button type="button" class="ghost" data-copy="token-command">${copyIcon} Copy command</button></div>
    <p class="status" id="copy-status" role="status"></p>
  </div>`;
}

export async function accountPage() {
  const [{ user }, { tokens }, publicSettings, { cohorts }] = await Promise.all([
    client.me(),
    client.tokens(),
    client.profileSettings(),
    client.myCohorts(),
  ]);
  appRoot().innerHTML = `<div class="account"><h1>Account</h1>
    ${profileCard(user)}${publicProfileCard(publicSettings)}${cohortCard(cohorts)}${passwordCard()}${tokensCard(tokens)}${cliCard()}${dataCard()}</div>`;
  wireProfile(user);
  wirePublicProfile();
  wireCohortCard();
  wirePassword();
  wireTokens();
  wireDelete();
}

function say(id: string, text: string, ok: boolean) {
  const el = document.getElementById(id)!;
  el.textContent = text;
  el.classList.toggle("ok", ok);
  el.classList.toggle("error", !ok);
}

function wireProfile(user: ApiUser) {
  const form = document.getElementById("profile") as HTMLFormElement;
  const select = form.elements.namedItem("timeZone") as HTMLSelectElement;
  document.getElementById("use-browser-zone")?.addEventListener("click", () => {
    select.value = browserZone();
    select.focus();
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    button.disabled = true;
    try {
      const saved = await client.updateProfile({
        displayName: String(data.get("displayName")),
        timeZone: String(data.get("timeZone")),
      });
      Object.assign(user, saved.user);
      say(
        "profile-status",
        `Saved: ${saved.user.displayName}, ${saved.user.timeZone.replace(/_/g, " ")}.`,
        true,
      );
    } catch (error) {
      say("profile-status", errorSentence(error), false);
    } finally {
      button.disabled = false;
    }
  });
}

function wirePassword() {
  const form = document.getElementById("password") as HTMLFormElement;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    if (data.newPassword !== data.confirmPassword) {
      say("password-status", "The new password and its confirmation differ: type it again.", false);
      (form.elements.namedItem("confirmPassword") as HTMLInputElement).focus();
      return;
    }
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    button.disabled = true;
    try {
      await client.changePassword(data.currentPassword!, data.newPassword!);
      await client.me(); // the server started a new session for this browser: new CSRF token
      form.reset();
      say(
        "password-status",
        "Password changed. Your other browsers are signed out and your API tokens are revoked: run pydojo login again on each computer.",
        true,
      );
      const { tokens } = await client.tokens();
      document.getElementById("token-list")!.innerHTML = tokenRows(tokens);
    } catch (error) {
      say("password-status", errorSentence(error), false);
    } finally {
      button.disabled = false;
    }
  });
}

function wireTokens() {
  const form = document.getElementById("new-token") as HTMLFormElement;
  const list = document.getElementById("token-list")!;
  const refresh = async () => {
    list.innerHTML = tokenRows((await client.tokens()).tokens);
  };
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const name = String(new FormData(form).get("name")).trim();
    const button = form.querySelector("button")!;
    button.disabled = true;
    document.getElementById("token-error")!.textContent = "";
    try {
      const created = await client.createToken(name);
      form.reset();
      document.getElementById("created")!.innerHTML = createdBox(created.name, created.token);
      await refresh();
    } catch (error) {
      document.getElementById("token-error")!.textContent = errorSentence(error);
    } finally {
      button.disabled = false;
    }
  });
  document.getElementById("created")!.addEventListener("click", async (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-copy]");
    if (!button) return;
    const text = document.getElementById(button.dataset.copy!)!.textContent ?? "";
    const ok = await copy(text);
    say("copy-status", ok ? "Copied." : "Could not copy: select the text and copy it.", ok);
  });
  // Revoking asks first, in the row itself: Revoke -> "Revoke <name>?" Yes / Cancel.
  list.addEventListener("click", async (e) => {
    const target = e.target as HTMLElement;
    const ask = target.closest<HTMLButtonElement>("button[data-revoke]");
    if (ask) {
      const cell = ask.parentElement!;
      cell.innerHTML = `<span class="confirm">Revoke “${esc(ask.dataset.name!)}”? <button type="button" class="danger" data-confirm="${esc(ask.dataset.revoke!)}">Yes, revoke</button> <button type="button" class="ghost" data-cancel>Cancel</button></span>`;
      cell.querySelector<HTMLButtonElement>("[data-confirm]")!.focus();
      return;
    }
    if (target.closest("[data-cancel]")) return refresh();
    const yes = target.closest<HTMLButtonElement>("button[data-confirm]");
    if (yes) {
      yes.disabled = true;
      try {
        await client.revokeToken(yes.dataset.confirm!);
        await refresh();
        document.getElementById("token-error")!.textContent = "";
      } catch (error) {
        document.getElementById("token-error")!.textContent = errorSentence(error);
        yes.disabled = false;
      }
    }
  });
}
