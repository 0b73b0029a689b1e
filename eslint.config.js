import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "content/",
      "harness/",
      "coverage/",
      "web/dist/",
      "test-results/",
      "packages/pydojo-cli/pydojo.mjs",
      "packages/pydojo-cli/harness/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: [
      "bin/**/*.js",
      "bench/**/*.js",
      "web/build.mjs",
      "test/**/*.mjs",
      "packages/*/build.mjs",
    ],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        performance: "readonly",
        fetch: "readonly",
      },
    },
  },
);
