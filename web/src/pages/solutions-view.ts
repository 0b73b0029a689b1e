/** After a pass: the learner's code beside the reference, and other learners' passing solutions. */
import type { ApiFile } from "../../../src/client/api-client.js";
import { client, esc } from "../context.js";
import { enhanceCode } from "../markdown.js";

const codeBlock = (label: string, content: string) =>
  `<div class="snippet"><p class="muted">${esc(label)}</p><pre><code class="language-python">${esc(content)}</code></pre></div>`;

export function showSolutions(
  host: HTMLElement,
  id: string,
  reference: ApiFile[],
  mine: ApiFile[],
) {
  const yours = mine.map((f) => f.content).join("\n");
  host.innerHTML = `<section class="card" aria-labelledby="solutions-title"><h2 id="solutions-title">Solutions</h2><p class="muted">You passed: compare your code with ours and with other learners'.</p>
    <div class="side-by-side">
      <div>${codeBlock("yours", yours)}</div>
      <div>${reference.map((f) => codeBlock(`reference · ${f.path}`, f.content)).join("")}</div>
    </div>
    <button class="ghost" id="community">Show other learners' solutions</button><div id="community-list" aria-live="polite"></div></section>`;
  enhanceCode(host);
  host.querySelector("#community")!.addEventListener("click", async (e) => {
    (e.target as HTMLButtonElement).disabled = true;
    const { solutions } = await client.solutions(id);
    const list = host.querySelector<HTMLElement>("#community-list")!;
    list.innerHTML = solutions.length
      ? `<div class="side-by-side">${solutions
          .map(
            (s, i) =>
              `<div>${codeBlock(`learner ${i + 1}`, s.files.map((f) => f.content).join("\n"))}</div>`,
          )
          .join("")}</div>`
      : `<p class="muted">No one else has passed it yet.</p>`;
    enhanceCode(list);
  });
}
