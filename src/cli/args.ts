/** Command-line parsing with clear errors for unknown options and bad values. */
import { parseArgs } from "node:util";

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string }>;
type Values<T extends OptionSpec> = {
  [K in keyof T]?: T[K]["type"] extends "string" ? string : boolean;
};

export function parse<T extends OptionSpec>(
  args: string[],
  options: T,
): { values: Values<T>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: parsed.values as Values<T>, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
}
