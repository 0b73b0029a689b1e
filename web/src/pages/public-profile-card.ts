/**
 * The Account page's "Public profile" card (issue #16): choose a handle and turn the opt-in page
 * /u/<handle> on or off. The page shows the display name, level, XP, streak and verified skills
 * with their evidence; never the email, drafts or code.
 */
import type { ApiProfileSettings } from "../../../src/client/api-client.js";
import { client, errorSentence, esc } from "../context.js";

const link = (handle: string) => `${location.origin}/u/${handle}`;

export function publicProfileCard(s: ApiProfileSettings): string {
  return `<section class="card profile-settings" aria-labelledby="public-h">
    <h2 id="public-h">Public profile</h2>
    <p class="muted small" id="public-help">Off unless you turn it on. It shows your display name, level, XP, streak and verified skills with the exercises and dates that prove them — never your email, drafts or code. Hide single skills or exercises from it on the <a href="#/skills">Skills</a> page.</p>
    <form id="public-profile" class="stack" aria-describedby="public-help">
      <label>Handle <input name="handle" maxlength="30" autocomplete="off" spellcheck="false" pattern="[A-Za-z0-9][A-Za-z0-9\\-]{1,28}[A-Za-z0-9]" aria-describedby="handle-help" value="${esc(s.handle ?? "")}"></label>
      <p class="muted small" id="handle-help">3 to 30 letters, digits or dashes; your page's address.</p>
      <label class="check"><input type="checkbox" name="public"${s.public ? " checked" : ""}> Show my public profile</label>
      <div class="actions"><button type="submit">Save public profile</button>
      <p class="status" id="public-status" role="status">${s.public && s.handle ? `Public at <a href="/u/${esc(s.handle)}">${esc(link(s.handle))}</a>` : ""}</p></div>
    </form>
  </section>`;
}

export function wirePublicProfile(): void {
  const form = document.getElementById("public-profile") as HTMLFormElement;
  const status = document.getElementById("public-status")!;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const handle = String(data.get("handle") ?? "").trim();
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    button.disabled = true;
    try {
      const saved = await client.updateProfileSettings({
        handle: handle || null,
        public: data.get("public") === "on",
      });
      (form.elements.namedItem("handle") as HTMLInputElement).value = saved.handle ?? "";
      status.classList.remove("error");
      status.classList.add("ok");
      status.innerHTML =
        saved.public && saved.handle
          ? `Saved. Public at <a href="/u/${esc(saved.handle)}">${esc(link(saved.handle))}</a>`
          : "Saved. Your profile is not public.";
    } catch (error) {
      status.classList.remove("ok");
      status.classList.add("error");
      status.textContent = errorSentence(error);
    } finally {
      button.disabled = false;
    }
  });
}
