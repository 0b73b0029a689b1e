/**
 * Inline SVG icons (no emoji: without an emoji font they render as empty boxes). Each is
 * decorative (aria-hidden) and takes the text colour; the text beside it carries the meaning.
 */
const svg = (body: string, cls = "") =>
  `<svg class="icon${cls ? ` ${cls}` : ""}" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

export const icons = {
  lock: () =>
    svg(`<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>`),
  check: () => svg(`<path d="M5 12.5l4.5 4.5L19 7.5"/>`, "ok"),
  cross: () => svg(`<path d="M6 6l12 12M18 6L6 18"/>`, "bad"),
  star: () =>
    svg(
      `<path d="M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z" fill="currentColor" stroke-width="1.5"/>`,
    ),
  alert: () => svg(`<path d="M12 3l10 18H2z"/><path d="M12 10v4M12 17.5v.5"/>`),
  stop: () => svg(`<rect x="6" y="6" width="12" height="12" rx="1.5" fill="currentColor"/>`),
  theme: () =>
    svg(
      `<circle cx="12" cy="12" r="8.5"/><path d="M12 3.5a8.5 8.5 0 0 1 0 17z" fill="currentColor"/>`,
    ),
  award: () => svg(`<circle cx="12" cy="9" r="6"/><path d="M8.5 14l-1.5 7 5-3 5 3-1.5-7"/>`),
};
