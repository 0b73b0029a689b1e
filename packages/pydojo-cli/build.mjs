// Builds the learner's CLI as one file with no dependencies: dist/cli-standalone/pydojo.mjs, and
// the installable package folder next to this script (pydojo.mjs + the Python harness that
// `pydojo test` runs). Server commands (serve, worker, admin) and the Pyodide runner are replaced
// by stubs that say to install the full package; the build fails if a server dependency
// (fastify, better-sqlite3, argon2, pg, pyodide, ...) or server code ends up in the bundle.
// Run by `npm run build` (after tsc); `node packages/pydojo-cli/build.mjs` on its own works too.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, cp, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const outfile = path.join(root, "dist/cli-standalone/pydojo.mjs");

/** Inputs that must never be in the learner's CLI. */
const FORBIDDEN = [
  /node_modules\/(fastify|@fastify\/[^/]+|better-sqlite3|argon2|pg|pg-boss|pg-pool|pyodide)\//,
  /(^|\/)src\/(server|storage)\//,
  /(^|\/)src\/runners\/pyodide\//,
];

const FULL_PACKAGE =
  "this is the learner's CLI; install the full pydojo package to run a server (npm install -g pydojo)";

/** serve/worker/admin and the Pyodide runner: stubs in the standalone CLI. */
const learnerOnly = {
  name: "learner-only",
  setup(b) {
    b.onResolve({ filter: /\/(serve-command|admin-command)\.js$/ }, () => ({
      path: "server-commands",
      namespace: "learner-only",
    }));
    b.onResolve({ filter: /\/pyodide\/pyodide-runner\.js$/ }, () => ({
      path: "pyodide-runner",
      namespace: "learner-only",
    }));
    b.onLoad({ filter: /^server-commands$/, namespace: "learner-only" }, () => ({
      contents: `import { CliError } from "./remote.ts";
        const refuse = async () => { throw new CliError(${JSON.stringify(FULL_PACKAGE)}, 2); };
        export const runServe = refuse;
        export const runAdmin = refuse;`,
      resolveDir: path.join(root, "src/cli"),
      loader: "ts",
    }));
    b.onLoad({ filter: /^pyodide-runner$/, namespace: "learner-only" }, () => ({
      contents: `import { RunnerUnavailableError } from "./runner.ts";
        export class PyodideRunner {
          constructor() {
            throw new RunnerUnavailableError("pyodide", "the Pyodide runner is not part of the learner's CLI: use --runner local or sandbox, or install the full pydojo package");
          }
        }`,
      resolveDir: path.join(root, "src/runners"),
      loader: "ts",
    }));
  },
};

await mkdir(path.dirname(outfile), { recursive: true });
const result = await build({
  stdin: {
    contents: `import { main } from "./main.ts";
      main(process.argv.slice(2)).then(
        (code) => { process.exitCode = code; },
        (error) => {
          console.error("pydojo: internal error: " + (error instanceof Error ? error.stack : String(error)));
          process.exitCode = 70;
        },
      );`,
    resolveDir: path.join(root, "src/cli"),
    sourcefile: "pydojo-cli-entry.ts",
    loader: "ts",
  },
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
  plugins: [learnerOnly],
  metafile: true,
  legalComments: "none",
  minify: true,
  keepNames: true,
  logLevel: "warning",
});

const inputs = Object.keys(result.metafile.inputs);
const leaked = inputs.filter((input) => FORBIDDEN.some((re) => re.test(input)));
if (leaked.length) {
  await rm(outfile, { force: true });
  console.error(
    `build-cli: the learner's CLI bundle must not contain server code or dependencies, found:\n  ${leaked.join("\n  ")}`,
  );
  process.exit(1);
}
await chmod(outfile, 0o755);

// The package folder: the bundle, the harness (what `pydojo test` runs) and package.json.
const pkg = JSON.parse(readFileSync(path.join(here, "package.json"), "utf8"));
const main = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
if (pkg.version !== main.version) {
  console.error(
    `build-cli: packages/pydojo-cli/package.json has version ${pkg.version} but pydojo is ${main.version}: make them equal`,
  );
  process.exit(1);
}
await cp(outfile, path.join(here, "pydojo.mjs"));
await chmod(path.join(here, "pydojo.mjs"), 0o755);
await rm(path.join(here, "harness"), { recursive: true, force: true });
await cp(path.join(root, "harness/pydojo_harness"), path.join(here, "harness/pydojo_harness"), {
  recursive: true,
  filter: (src) => !src.includes("__pycache__"),
});
// The package as a tarball the server offers at /cli/pydojo-cli.tgz, so a learner installs the
// CLI from the site they use: npm install -g https://<site>/cli/pydojo-cli.tgz
const packed = execFileSync(
  "npm",
  ["pack", "--silent", "--pack-destination", path.dirname(outfile)],
  { cwd: here, encoding: "utf8" },
).trim();
await rename(
  path.join(path.dirname(outfile), packed.split("\n").pop()),
  path.join(path.dirname(outfile), "pydojo-cli.tgz"),
);
const bytes = readFileSync(outfile).length;
await writeFile(path.join(root, "dist/cli-standalone/meta.json"), JSON.stringify(result.metafile));
console.log(
  `build-cli: ${path.relative(root, outfile)} (${Math.round(bytes / 1024)} KB, ${inputs.length} inputs)`,
);
