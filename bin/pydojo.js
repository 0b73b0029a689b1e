#!/usr/bin/env node
// Entry point for `npx pydojo` and `node bin/pydojo.js`: runs the compiled CLI.
import { main } from "../dist/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(
      `pydojo: internal error: ${error instanceof Error ? error.stack : String(error)}`,
    );
    process.exitCode = 70;
  },
);
