// ESLint (flat config) with typescript-eslint's recommended rules, run by `npm run lint` (part of
// `npm test`). Formatting is prettier's job (`npm run format`); these rules catch mistakes.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "cdktf.out/",
      "coverage/",
      ".gen/",
      ".tools/",
      ".state/",
      "terraform-state/",
      "test/fixtures/",
      "**/cdktf.out/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        __dirname: "readonly",
        require: "readonly",
        module: "writable",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        setImmediate: "readonly",
        URL: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        AbortController: "readonly",
        fetch: "readonly",
        structuredClone: "readonly",
        performance: "readonly",
        queueMicrotask: "readonly",
      },
    },
    rules: {
      // Unused names are errors, except a leading underscore that says "deliberately unused".
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
    },
  },
  {
    // Tests, tools and benchmarks read untyped JSON (synthesized stacks, provider and engine answers)
    // and poke at it; typing every such read would add noise, not safety. The library code keeps the rule.
    files: ["test/**", "tools/**", "bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Tests load modules inside jest.isolateModules and engines' client libraries only when a suite
    // needs them; both need require. Proxies and callbacks over a test world name it (`const world = this`).
    files: ["test/**"],
    rules: { "@typescript-eslint/no-require-imports": "off", "@typescript-eslint/no-this-alias": "off" },
  },
  {
    // The CLI loads each command's modules on demand (require inside the action), so `--help` and
    // `validate` never load cdktf or the providers (start-up time, see README "Performance").
    files: ["lib/cli/**"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Plain CommonJS files (bin shims, jest configs and setup files) use require by design.
    files: ["**/*.js", "**/*.cjs", "bin/etl-secrets"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
