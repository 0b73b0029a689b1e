/**
 * The `db` fixture's database after a test (`tests[].database`): the first rows of each table
 * and the statements the learner's code ran, in order. It informs; the verdict never reads it.
 */
import type { DatabaseSnapshot } from "../../../src/core/result.js";
import { esc } from "../context.js";

const plural = (n: number, word: string) =>
  `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

function cell(v: string | number | null): string {
  if (v === null) return `<span class="null">NULL</span>`;
  return esc(String(v));
}

function tableView(t: DatabaseSnapshot["tables"][number]): string {
  const name = esc(t.name);
  if (t.error)
    return `<div class="db-table"><b>${name}</b> <span class="muted">could not be read: ${esc(t.error)}</span></div>`;
  const head = t.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join("");
  const rows = t.rows.length
    ? t.rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join("")}</tr>`).join("")
    : `<tr><td colspan="${Math.max(1, t.columns.length)}" class="muted">(no rows)</td></tr>`;
  const more =
    t.row_count > t.rows.length
      ? `<p class="muted small">the first ${t.rows.length} of ${plural(t.row_count, "row")}</p>`
      : "";
  return `<div class="db-table" data-testid="db-table"><b>${name}</b> <span class="muted">${plural(t.row_count, "row")}</span><div class="table-scroll" tabindex="0" role="region" aria-label="table ${name}"><table class="data"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>${more}</div>`;
}

function queriesView(db: DatabaseSnapshot): string {
  if (!db.queries.length) return `<p class="muted">Your code ran no SQL in this test.</p>`;
  const items = db.queries
    .map(
      (q) =>
        `<li><code>${esc(q.sql)}</code>${q.params ? ` <span class="muted">${q.many ? "for each of " : ""}${esc(q.params)}</span>` : ""}</li>`,
    )
    .join("");
  const more =
    db.queries_total > db.queries.length
      ? `<p class="muted small">and ${plural(db.queries_total - db.queries.length, "more statement")}</p>`
      : "";
  return `<ol class="queries" data-testid="db-queries">${items}</ol>${more}`;
}

/** The database after a test, folded under one line (open for a failing test). */
export function databaseView(db: DatabaseSnapshot, open: boolean): string {
  const more =
    db.tables_total > db.tables.length
      ? `<p class="muted small">${plural(db.tables_total - db.tables.length, "more table")} not shown</p>`
      : "";
  return `<details class="database" data-testid="database"${open ? " open" : ""}><summary>The database after this test: ${plural(db.tables_total, "table")}, ${plural(db.queries_total, "statement")} from your code</summary>
    <div class="db-tables">${db.tables.map(tableView).join("")}</div>${more}
    <b>The statements your code ran</b>${queriesView(db)}</details>`;
}
