/** A lesson: sanitised Markdown with highlighted, runnable Python snippets. */
import { appRoot, client } from "../context.js";
import { enhanceCode, markdown } from "../markdown.js";

export async function lessonPage(id: string) {
  const lesson = await client.lesson(id);
  const root = appRoot();
  root.innerHTML = `<article class="card markdown">${markdown(lesson.markdown)}</article>`;
  enhanceCode(root);
}
