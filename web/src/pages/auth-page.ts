/** Log in and sign up. */
import { appRoot, client, errorSentence } from "../context.js";

export async function authPage(mode: "login" | "signup", onSignedIn: () => void) {
  const signup = mode === "signup";
  // A visitor who is not signed in lands here: say what PyDojo is before asking for anything.
  appRoot().innerHTML = `<section class="intro" data-testid="intro"><p class="intro-title">Learn Python backend engineering by doing.</p>
    <p class="muted">Write real Python, from the basics to HTTP APIs, SQL, auth, performance and concurrency, and get each solution graded at once: in your browser, on the server, or on your own machine with <code>pydojo</code> and plain <code>pytest</code>.</p></section>
    <div class="card auth"><h1>${signup ? "Create your account" : "Log in"}</h1>
    <form id="auth">
      ${signup ? `<label>Name <input name="displayName" required autocomplete="name"></label>` : ""}
      <label>Email <input name="email" type="email" required autocomplete="email"></label>
      <label>Password <input name="password" type="password" required minlength="${signup ? 10 : 1}" autocomplete="${signup ? "new-password" : "current-password"}" aria-describedby="password-rule"></label>
      ${signup ? `<p class="muted small" id="password-rule">At least 10 characters.</p>` : ""}
      <p class="error" id="auth-error" role="alert"></p>
      <button type="submit">${signup ? "Sign up" : "Log in"}</button>
    </form>
    <p class="muted">${signup ? `Have an account? <a href="#/login">Log in</a>` : `New here? <a href="#/signup">Create an account</a>`}</p></div>`;
  document.querySelector<HTMLInputElement>("#auth input")?.focus();
  document.getElementById("auth")!.addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const button = form.querySelector("button")!;
    button.disabled = true;
    try {
      if (signup)
        await client.signup({
          email: data.email!,
          password: data.password!,
          displayName: data.displayName!,
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        });
      else await client.login(data.email!, data.password!);
      onSignedIn();
    } catch (error) {
      document.getElementById("auth-error")!.textContent = errorSentence(error);
    } finally {
      button.disabled = false;
    }
  });
}
