/**
 * What a test measured (`tests[].performance`): how efficient the learner's code is next to the
 * reference (on a pass too), a growth chart of both counted costs against the input size (plain
 * SVG coloured by the theme's variables), counted totals, peak memory beside the reference's,
 * and the profile's top functions.
 */
import type { Performance } from "../../../src/core/result.js";
import { esc } from "../context.js";

type Growth = NonNullable<Performance["growth"]>[number];

/** How each growth class reads, with its usual name. */
const CLASS_NAME: Record<Growth["class"], string> = {
  constant: "constant (1)",
  logarithmic: "log n",
  linear: "n (linear)",
  "n log n": "n log n",
  quadratic: "n² (quadratic)",
  cubic: "n³ (cubic)",
  exponential: "2ⁿ (exponential)",
};

const num = (n: number) => Math.round(n).toLocaleString("en-US");
const times = (r: number) =>
  r >= 10 ? Math.round(r).toString() : r.toFixed(1).replace(/\.0$/, "");

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** True when there is something to show (not only the time measuring took). */
export function hasPerformance(perf: Performance | undefined): perf is Performance {
  return Boolean(
    perf &&
    (perf.growth?.length ||
      perf.counts?.length ||
      perf.memory?.length ||
      perf.profile?.length ||
      perf.notes?.length),
  );
}

/** A 1-2-5 step that puts about `count` ticks on 0..top. */
function ticks(top: number, count = 4): number[] {
  if (top <= 0) return [0];
  const raw = top / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v <= top + step * 1e-9; v += step) out.push(v);
  if (out.at(-1)! < top) out.push(out.at(-1)! + step);
  return out;
}

const short = (v: number) =>
  v >= 1e6
    ? `${+(v / 1e6).toFixed(1)}M`
    : v >= 1e4
      ? `${+(v / 1e3).toFixed(1)}k`
      : v.toLocaleString("en-US");

/** The learner's cost and the reference's against n, both from 0, as an SVG line chart. */
export function growthChart(g: Growth): string {
  if (!g.points.length) return "";
  const W = 420;
  const H = 250;
  const left = 72;
  const right = 22;
  const top = 12;
  const bottom = 50;
  const points = g.points;
  const yTicks = ticks(Math.max(...points.map((p) => Math.max(p.cost, p.reference ?? 0)), 1));
  const xTicks = ticks(Math.max(...points.map((p) => p.n)), 4);
  const yMax = yTicks.at(-1)!;
  const xMax = xTicks.at(-1)!;
  const x = (n: number) => left + (n / xMax) * (W - left - right);
  const y = (v: number) => H - bottom - (v / yMax) * (H - top - bottom);
  const grid = yTicks
    .map(
      (v) =>
        `<line class="grid" x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}"/><text class="tick" x="${left - 7}" y="${y(v) + 4}" text-anchor="end">${short(v)}</text>`,
    )
    .join("");
  const xAxis = xTicks
    .map(
      (n) =>
        `<line class="axis" x1="${x(n)}" x2="${x(n)}" y1="${H - bottom}" y2="${H - bottom + 5}"/><text class="tick" x="${x(n)}" y="${H - bottom + 21}" text-anchor="middle">${short(n)}</text>`,
    )
    .join("");
  const line = (values: { n: number; v: number }[], cls: string, marker: "circle" | "rect") =>
    `<polyline class="${cls}" points="${values.map((p) => `${x(p.n).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ")}"/>${values
      .map((p) =>
        marker === "circle"
          ? `<circle class="${cls}-dot" cx="${x(p.n).toFixed(1)}" cy="${y(p.v).toFixed(1)}" r="4"/>`
          : `<rect class="${cls}-dot" x="${(x(p.n) - 3.5).toFixed(1)}" y="${(y(p.v) - 3.5).toFixed(1)}" width="7" height="7"/>`,
      )
      .join("")}`;
  const refPoints = points.filter((p) => p.reference !== undefined);
  const reference = refPoints.length
    ? line(
        refPoints.map((p) => ({ n: p.n, v: p.reference! })),
        "series-ref",
        "rect",
      )
    : "";
  const yours = line(
    points.map((p) => ({ n: p.n, v: p.cost })),
    "series-you",
    "circle",
  );
  const last = points.at(-1)!;
  const summary = `${g.label}: ${g.unit} against input size n. Your code grows like ${CLASS_NAME[g.class]}: ${num(last.cost)} for n = ${num(last.n)}${
    last.reference !== undefined
      ? `; the reference grows like ${CLASS_NAME[g.reference_class ?? "linear"]}: ${num(last.reference)}`
      : ""
  }.`;
  const unitLabel = g.unit.length > 28 ? `${g.unit.slice(0, 27)}…` : g.unit;
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(summary)}" preserveAspectRatio="xMidYMid meet" data-testid="growth-chart">
<g>${grid}</g><line class="axis" x1="${left}" x2="${W - right}" y1="${H - bottom}" y2="${H - bottom}"/><line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${H - bottom}"/>${xAxis}
<text class="axis-label" x="${(left + W - right) / 2}" y="${H - 6}" text-anchor="middle">input size n</text>
<text class="axis-label" transform="translate(16 ${(top + H - bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(unitLabel)}</text>
${reference}${yours}</svg>`;
}

/** One line on how the learner's cost compares with the reference's. */
function efficiency(g: Growth, passed: boolean): string {
  const r = g.ratio_to_reference;
  if (r === undefined) return "";
  if (r <= 2)
    return `<p class="efficiency good" data-testid="efficiency">${passed ? "Passes — w" : "W"}ithin 2× of the reference's cost${r < 1 ? ` (${times(1 / r)}× cheaper)` : r > 1.05 ? ` (${times(r)}×)` : ""}.</p>`;
  return `<p class="efficiency ${passed ? "room" : "more"}" data-testid="efficiency">${passed ? "Passes, but: " : ""}${times(r)}× the reference's ${esc(g.unit)}${passed ? ": there is more to learn." : "."}</p>`;
}

function growthView(g: Growth, passed: boolean): string {
  const hasRef = g.points.some((p) => p.reference !== undefined);
  const rows = g.points
    .map(
      (p) =>
        `<tr><td>${num(p.n)}</td><td>${num(p.cost)}</td>${hasRef ? `<td>${p.reference === undefined ? "" : num(p.reference)}</td>` : ""}</tr>`,
    )
    .join("");
  const classes = `Yours grows like <b>${esc(CLASS_NAME[g.class])}</b>${g.reference_class ? `; the reference like <b>${esc(CLASS_NAME[g.reference_class])}</b>` : ""}.`;
  const who =
    g.source === "judge"
      ? "counted by the tests"
      : g.source === "host"
        ? "counted in your code's process"
        : "counted in the browser";
  return `<figure class="growth" data-testid="growth">
    <figcaption><b>${esc(g.label)}</b> <span class="muted">— ${esc(g.unit)}, ${who}</span></figcaption>
    ${efficiency(g, passed)}
    <p class="growth-classes">${classes}</p>
    <p class="legend" aria-hidden="true"><span class="key you"></span>your code${hasRef ? `<span class="key ref"></span>the reference` : ""}</p>
    ${growthChart(g)}
    <details class="numbers"><summary>The numbers</summary><div class="table-scroll" tabindex="0" role="region" aria-label="numbers of ${esc(g.label)}"><table class="data"><thead><tr><th scope="col">n</th><th scope="col">yours</th>${hasRef ? `<th scope="col">reference</th>` : ""}</tr></thead><tbody>${rows}</tbody></table></div></details>
  </figure>`;
}

function memoryView(
  m: NonNullable<Performance["memory"]>[number],
  passed: boolean,
  inProcess: boolean,
): string {
  const top = Math.max(m.peak_bytes, m.reference_bytes ?? 0, 1);
  const bar = (cls: string, label: string, bytes: number) =>
    `<div class="bar-row"><span class="bar-label">${label}</span><svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="${cls}" width="${Math.max(1, (bytes / top) * 100).toFixed(1)}" height="10" rx="1"/></svg><span class="bar-value">${human(bytes)}</span></div>`;
  const ratio =
    m.reference_bytes !== undefined && m.reference_bytes > 0
      ? m.peak_bytes / m.reference_bytes
      : undefined;
  // The reference's number comes from CPython; the browser's Python counts memory its own way.
  const verdict =
    ratio === undefined
      ? ""
      : inProcess || m.source === "in-process"
        ? `<p class="muted small" data-testid="memory-note">Measured in your browser's Python, which counts memory differently from the server's CPython: Submit for the numbers that count.</p>`
        : ratio <= 2
          ? `<p class="efficiency good">${passed ? "Passes — w" : "W"}ithin 2× of the reference's peak memory.</p>`
          : `<p class="efficiency ${passed ? "room" : "more"}">${passed ? "Passes, but: " : ""}${times(ratio)}× the reference's peak memory.</p>`;
  return `<div class="memory" data-testid="memory"><b>Peak memory</b> <span class="muted">— ${esc(m.label)}</span>${verdict}${bar("you", "yours", m.peak_bytes)}${
    m.reference_bytes !== undefined ? bar("ref", "reference", m.reference_bytes) : ""
  }</div>`;
}

function profileView(p: NonNullable<Performance["profile"]>[number]): string {
  const rows = p.rows
    .slice(0, 10)
    .map(
      (r) =>
        `<tr class="${r.mine ? "mine" : ""}"><th scope="row"><code>${esc(r.function)}</code><span class="where">${r.file ? esc(`${r.file}${r.line != null ? `:${r.line}` : ""}`) : "built-in"}${r.mine ? ` <span class="tag">your code</span>` : ""}</span></th><td>${num(r.calls)}</td><td>${r.own_ms.toFixed(1)}</td><td>${r.total_ms.toFixed(1)}</td></tr>`,
    )
    .join("");
  return `<div class="profile" data-testid="profile"><b>Where the time goes</b> <span class="muted">— ${esc(p.label)}: ${num(p.total_calls)} calls, ${p.total_ms.toFixed(1)} ms (wall-clock: it varies from run to run)</span>
    <div class="table-scroll" tabindex="0" role="region" aria-label="profile of ${esc(p.label)}"><table class="data"><thead><tr><th scope="col">function</th><th scope="col">calls</th><th scope="col">own ms</th><th scope="col">total ms</th></tr></thead><tbody>${rows}</tbody></table></div></div>`;
}

/** Everything a test measured, for its detail (passing tests included). */
export function performanceView(perf: Performance, passed: boolean, inProcess = false): string {
  const parts: string[] = [];
  for (const g of perf.growth ?? []) parts.push(growthView(g, passed));
  for (const c of perf.counts ?? [])
    parts.push(
      `<p class="count"><b>Counted</b> <span class="muted">— ${esc(c.label)}:</span> ${num(c.value)} ${esc(c.unit)}${c.calls !== undefined ? ` <span class="muted">(${num(c.calls)} calls)</span>` : ""}</p>`,
    );
  for (const m of perf.memory ?? []) parts.push(memoryView(m, passed, inProcess));
  for (const p of perf.profile ?? []) parts.push(profileView(p));
  // A growth's headline already says "passes, within 2x": its note would say it again.
  const notes = (perf.notes ?? []).filter((n) => !(perf.growth?.length && /^passes,/.test(n)));
  if (notes.length)
    parts.push(`<ul class="perf-notes">${notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`);
  return `<div class="performance" data-testid="performance">${parts.join("")}</div>`;
}
