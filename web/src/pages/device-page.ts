/**
 * Approving a CLI login (#/device?code=WDJB-MJHT): the signed-in learner checks the code and the
 * computer that asked, then approves or denies. Without a code in the link, a field to type it.
 */
import { ApiError, type DeviceInfo } from "../../../src/client/api-client.js";
import { appRoot, client, errorSentence, esc } from "../context.js";
const svg = (body: string, cls = "") =>
  `<svg class="icon${cls}" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;
const check = svg(`<path d="M5 12.5l4.5 4.5L19 7.5"/>`, " ok");
const cross = svg(`<path d="M6 6l12 12M18 6L6 18"/>`, " bad");
const terminal = `<svg class="icon" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"><rect x="3" y="4" width="18" height="16" rx="2"/><path d="M7 9l3 3-3 3M12 15h5"/></svg>`;

function enterCode(message = "") {
  appRoot().innerHTML = `<div class="card device"><h1>Sign in the command line</h1>
    <p>Type the code your terminal shows after <code>pydojo login</code>.</p>
    <form id="device-code" class="inline-form">
      <label>Code <input name="code" required autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="XXXX-XXXX" maxlength="12"></label>
      <button type="submit">Continue</button>
    </form>
    <p class="error" role="alert">${esc(message)}</p></div>`;
  document.querySelector<HTMLInputElement>("#device-code input")!.focus();
  document.getElementById("device-code")!.addEventListener("submit", (e) => {
    e.preventDefault();
    const code = String(new FormData(e.target as HTMLFormElement).get("code")).trim();
    location.hash = `#/device?code=${encodeURIComponent(code.toUpperCase())}`;
  });
}

function finished(title: string, text: string, ok: boolean) {
  appRoot().innerHTML = `<div class="card device" data-testid="device-done"><h1>${ok ? check : cross} ${esc(title)}</h1>
    <p>${text}</p><p><a href="#/account">Your API tokens</a> · <a href="#/">Dashboard</a></p></div>`;
}

function ask(info: DeviceInfo, email: string) {
  appRoot().innerHTML = `<div class="card device"><h1>${terminal} Sign in the command line?</h1>
    <p>A PyDojo command line on <strong data-testid="device-host">${esc(info.hostname)}</strong>
      <span class="muted">(${esc(info.client)})</span> asks to act as <strong>${esc(email)}</strong>.</p>
    <p>Approve only if you just ran <code>pydojo login</code> and your terminal shows this code:</p>
    <p class="user-code" data-testid="user-code">${esc(info.userCode)}</p>
    <div class="actions"><button type="button" id="approve">Approve</button>
      <button type="button" class="ghost" id="deny">Deny</button></div>
    <p class="error" id="device-error" role="alert"></p>
    <p class="muted small">Approving creates an API token named “CLI on ${esc(info.hostname)}”; you can revoke it on your <a href="#/account">Account</a> page.</p></div>`;
  const decide = async (approve: boolean) => {
    for (const b of appRoot().querySelectorAll("button")) b.disabled = true;
    try {
      await client.decideDeviceLogin(info.userCode, approve);
      if (approve)
        finished(
          "Command line signed in",
          `Go back to your terminal on <strong>${esc(info.hostname)}</strong>: it is logged in as ${esc(email)}.`,
          true,
        );
      else
        finished(
          "Denied",
          "Nothing was signed in. If you didn't run pydojo login, ignore the request.",
          false,
        );
    } catch (error) {
      document.getElementById("device-error")!.textContent = errorSentence(error);
      for (const b of appRoot().querySelectorAll("button")) b.disabled = false;
    }
  };
  document.getElementById("approve")!.addEventListener("click", () => void decide(true));
  document.getElementById("deny")!.addEventListener("click", () => void decide(false));
  document.getElementById("approve")!.focus();
}

export async function devicePage(query: URLSearchParams) {
  const code = query.get("code")?.trim();
  if (!code) return enterCode();
  let info: DeviceInfo;
  try {
    info = await client.deviceLogin(code);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400))
      return enterCode(error.message);
    throw error;
  }
  const { user } = await client.me();
  if (info.status === "pending") return ask(info, user.email);
  const said = {
    approved: "This login was already approved: your terminal is signed in.",
    consumed: "This login was already approved and used: your terminal is signed in.",
    denied: "This login was denied. Run pydojo login again for a new code.",
  }[info.status];
  finished(
    info.status === "denied" ? "Denied" : "Already approved",
    esc(said),
    info.status !== "denied",
  );
}
