/**
 * Setting a new password from a one-time link an admin passed on (#/reset?token=…). Works signed
 * out; afterwards every session and API token of the account has ended, so the learner logs in.
 */
import { appRoot, client, errorSentence } from "../context.js";

export function resetPage(query: URLSearchParams) {
  const token = query.get("token")?.trim() ?? "";
  if (!token) {
    appRoot().innerHTML = `<div class="card device"><h1>Reset your password</h1>
      <p>This page needs the link an admin gave you (it ends in <code>?token=…</code>). Ask them for a new one.</p>
      <p><a href="#/login">Log in</a></p></div>`;
    return;
  }
  appRoot().innerHTML = `<div class="card device"><h1>Choose a new password</h1>
    <p class="muted">This link works once, for 30 minutes. Setting a password signs you out everywhere
      and revokes your API tokens: run <code>pydojo login</code> again afterwards.</p>
    <form id="reset" class="stack">
      <label>New password <input name="newPassword" type="password" required minlength="10" autocomplete="new-password" aria-describedby="reset-rule"></label>
      <p class="muted small" id="reset-rule">At least 10 characters.</p>
      <label>Confirm the new password <input name="confirmPassword" type="password" required minlength="10" autocomplete="new-password"></label>
      <div class="actions"><button type="submit">Set password</button></div>
      <p class="error" id="reset-error" role="alert"></p>
    </form></div>`;
  const form = document.getElementById("reset") as HTMLFormElement;
  form.querySelector("input")!.focus();
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const error = document.getElementById("reset-error")!;
    if (data.newPassword !== data.confirmPassword) {
      error.textContent = "The two new passwords differ: type the same one twice.";
      return;
    }
    form.querySelector("button")!.disabled = true;
    try {
      await client.resetPassword(token, data.newPassword!);
      appRoot().innerHTML = `<div class="card device" data-testid="reset-done"><h1>Password set</h1>
        <p>Your new password works now. You were signed out everywhere.</p>
        <p><a href="#/login"><strong>Log in</strong></a></p></div>`;
      appRoot().querySelector("a")!.focus();
    } catch (err) {
      error.textContent = errorSentence(err);
      form.querySelector("button")!.disabled = false;
    }
  });
}
