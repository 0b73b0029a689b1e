/** What every page shares: the API client, the browser's Python, and HTML escaping. */
import { PydojoClient } from "../../src/client/api-client.js";
import { BrowserRunner } from "./browser-runner.js";

export const client = new PydojoClient({ baseUrl: location.origin });
export const runner = new BrowserRunner();

/** Escapes text for HTML: every value a page puts into a template goes through this. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's element, for page modules to render into. */
export const appRoot = () => document.getElementById("app")!;
