/**
 * Readable names for parametrized tests. The harness names them as pytest does
 * (`average[values0-3.0]`): good for tools, poor for a learner. When the test file is at hand,
 * the cases' values are read from its `@pytest.mark.parametrize(...)` decorator, so the page can
 * show `average with values=[2, 4], expected=3.0`. Anything this small reader doesn't understand
 * (stacked decorators, computed case lists, counts that don't match) keeps pytest's name.
 */

/** Splits Python source at top-level commas: strings, comments and brackets are respected. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      while (i < text.length && !text.startsWith(quote, i)) i += text[i] === "\\" ? 2 : 1;
      i += quote.length - 1;
    } else if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.replace(/#[^\n'"]*$/gm, "").trim()).filter((p) => p !== "");
}

/** The text between the bracket at `open` and its partner (strings respected), or null. */
function inside(text: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      while (i < text.length && !text.startsWith(quote, i)) i += text[i] === "\\" ? 2 : 1;
      i += quote.length - 1;
    } else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c) && --depth === 0) return text.slice(open + 1, i);
  }
  return null;
}

const unwrap = (s: string, open: string, close: string) =>
  s.startsWith(open) && s.endsWith(close) ? s.slice(1, -1) : null;

function argNames(arg: string): string[] | null {
  const literal = /^[rbu]*(['"])(.*)\1$/s.exec(arg);
  if (literal) return literal[2]!.split(",").map((n) => n.trim());
  const list = unwrap(arg, "[", "]") ?? unwrap(arg, "(", ")");
  if (!list) return null;
  const names = splitTopLevel(list).map((n) => /^['"](\w+)['"]$/.exec(n)?.[1]);
  return names.every(Boolean) ? (names as string[]) : null;
}

function caseValues(element: string, count: number): string[] | null {
  let text = element;
  const param = /^(?:pytest\.)?param\(/.exec(text);
  if (param) {
    const body = inside(text, param[0].length - 1);
    if (body === null) return null;
    const values = splitTopLevel(body).filter((p) => !/^\w+\s*=/.test(p));
    return values.length === count ? values : null;
  }
  if (count === 1) return [text];
  text = unwrap(text, "(", ")") ?? unwrap(text, "[", "]") ?? "";
  const values = splitTopLevel(text);
  return values.length === count ? values : null;
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

/**
 * For each parametrized test function (name without `test_`), the label of each case in order:
 * `values=[2, 4], expected=3.0`.
 */
export function parametrizedCases(source: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const defs = /^[ \t]*(?:async\s+)?def\s+(test_?\w*)\s*\(/gm;
  for (let m = defs.exec(source); m; m = defs.exec(source)) {
    // The decorators right above this def (and below the previous statement).
    const before = source.slice(0, m.index);
    let previous = -1;
    for (const d of before.matchAll(/\n[ \t]*(?:async\s+)?(?:def|class)\s/g)) previous = d.index;
    const decorators = before.slice(previous + 1);
    const marks = [...decorators.matchAll(/@(?:pytest\.)?mark\.parametrize\(/g)];
    if (marks.length !== 1) continue;
    const call = marks[0]!;
    const args = inside(decorators, call.index + call[0].length - 1);
    if (args === null) continue;
    const [namesArg, casesArg] = splitTopLevel(args);
    const names = namesArg ? argNames(namesArg) : null;
    const list = casesArg ? (unwrap(casesArg, "[", "]") ?? unwrap(casesArg, "(", ")")) : null;
    if (!names || list === null) continue;
    const labels: string[] = [];
    for (const element of splitTopLevel(list)) {
      const values = caseValues(element, names.length);
      if (!values) {
        labels.length = 0;
        break;
      }
      labels.push(names.map((n, i) => `${n}=${clip(values[i]!)}`).join(", "));
    }
    if (labels.length) found.set(m[1]!.replace(/^test_/, ""), labels);
  }
  return found;
}

/**
 * Display names for a result's tests, in order: `average with values=[2, 4], expected=3.0` when
 * the cases could be read, otherwise the harness's name.
 */
export function displayNames(names: string[], testFiles: { content: string }[]): string[] {
  const cases = new Map<string, string[]>();
  for (const f of testFiles)
    for (const [k, v] of parametrizedCases(f.content)) if (!cases.has(k)) cases.set(k, v);
  const counts = new Map<string, number>();
  for (const n of names) {
    const base = /^([^[\s>]+)\[/.exec(n)?.[1];
    if (base) counts.set(base, (counts.get(base) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  return names.map((n) => {
    const base = /^([^[\s>]+)\[/.exec(n)?.[1];
    if (!base) return n;
    const index = seen.get(base) ?? 0;
    seen.set(base, index + 1);
    const labels = cases.get(base);
    if (!labels || labels.length !== counts.get(base)) return n;
    return `${base} with ${labels[index]}`;
  });
}
