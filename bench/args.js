// The benches' command-line options: node's parseArgs, plus `--help` (the bench's own header
// comment, which says what it measures and how to run it) and, for an option it does not know,
// a one-line error and that help instead of a stack trace.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** The leading `//` comment of the bench at `moduleUrl`, as plain text. */
function header(moduleUrl) {
  const lines = readFileSync(fileURLToPath(moduleUrl), "utf8").split("\n");
  const start = lines[0]?.startsWith("#!") ? 1 : 0;
  const text = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith("//")) break;
    text.push(line.replace(/^\/\/ ?/, ""));
  }
  return text.join("\n");
}

/** `parseArgs(config)` for the bench at `moduleUrl` (its `import.meta.url`). */
export function benchArgs(moduleUrl, config) {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(header(moduleUrl));
    process.exit(0);
  }
  try {
    return parseArgs({ ...config, args });
  } catch (error) {
    console.error(`${error.message}\n\n${header(moduleUrl)}`);
    process.exit(2);
  }
}
