/**
 * The layer rules of lib/, checked by `npm run lint:deps` (part of `npm test`).
 *
 * Imports point down the tier list below: a module may import its own group and any group of a
 * LOWER tier, never a higher tier and never a sibling group of its own tier. The order is the one
 * the code follows (derived from its import graph), with the few exceptions that must stay listed
 * in ALLOWED_UPWARD, each with its reason. test/architecture/dependency-rules.test.ts proves that
 * every rule here rejects a module graph that breaks it.
 *
 * Type-only imports count (tsPreCompilationDeps): a type import still ties two files together, and
 * a circle of type imports is a circle a reader has to untangle.
 */

/**
 * lib/inventory files that run the plan to validate (derived names, reminders, rotation events), and the
 * entry points that reach them; the rest of lib/inventory (model, schema, class defaults) is below the plan.
 */
const INVENTORY_VALIDATION =
  "^lib/inventory/(cross-field/(index|derived-names|reminders|rotation-events)\\.ts$|validate\\.ts$|load\\.ts$|define-inventory\\.ts$|index\\.ts$)";
/** Shapes the plan and the rotation runtime agree on; they import nothing. */
const ROTATION_CONTRACTS = "^lib/rotation/(contract|reminders/contract|vault/watch-contract)\\.ts$";

/** Bottom first. Groups in one tier are siblings: none imports another. */
const TIERS = [
  // Leaf helpers every layer may use (the one text order); they import nothing of lib/.
  [{ name: "shared", path: "^lib/shared/" }],
  [
    { name: "inventory", path: "^lib/inventory/", pathNot: INVENTORY_VALIDATION },
    { name: "vault-hcl", path: "^lib/vault-hcl/" },
    { name: "rotation-contracts", path: ROTATION_CONTRACTS },
  ],
  [{ name: "plan", path: "^lib/plan/" }],
  [
    { name: "inventory-validation", path: INVENTORY_VALIDATION },
    { name: "policy", path: "^lib/policy/" },
  ],
  [
    { name: "intent", path: "^lib/intent/" },
    { name: "wire", path: "^lib/wire/" },
    { name: "runbook", path: "^lib/runbook/" },
  ],
  [
    { name: "ledger", path: "^lib/ledger/" },
    { name: "rotation", path: "^lib/rotation/", pathNot: ROTATION_CONTRACTS },
  ],
  [{ name: "checks", path: "^lib/checks/" }],
  [
    { name: "constructs", path: "^lib/constructs/" },
    { name: "analysis", path: "^lib/analysis/" },
  ],
  [
    { name: "audit", path: "^lib/audit/" },
    { name: "seed", path: "^lib/seed/" },
  ],
  // The credential register, a report: it reads the plan and what an audit observed.
  [{ name: "register", path: "^lib/register/" }],
  [{ name: "cli", path: "^lib/cli/" }],
  [{ name: "index", path: "^lib/index\\.ts$" }],
  [
    { name: "bin", path: "^bin/" },
    { name: "tools", path: "^tools/" },
  ],
];

/**
 * Imports that go up or sideways today and stay, each for a stated reason. Keep this list short: a
 * new entry needs a reason a reviewer accepts. `groups` names the layer rules it loosens; it loosens
 * them only for imports from `from` to `to`.
 */
const ALLOWED_UPWARD = [
  {
    // synth-dir.ts is the layout of a synth output (stack files, the retirements file): synth writes
    // it and the ledger reads it, as analysis does. It belongs to a layer below all three; until it
    // moves there, this one file is shared.
    groups: [
      ["constructs", "analysis"],
      ["ledger", "analysis"],
    ],
    from: "^lib/(constructs/(synthesize|ledger-session)|ledger/(compare|entries|guard))\\.ts$",
    to: "^lib/analysis/access-model/synth-dir\\.ts$",
  },
];

/**
 * The two import circles that stay, both of a type only:
 * - key-pair-slots.ts imports the type ScheduledResult from scheduled-rotation.ts, which calls the
 *   strategy. Moving the type to its own file changes esbuild's output for the key-broker Lambda
 *   bundle (same code, other bytes), and the synthesized output (the asset hash) must stay
 *   byte-identical in this change; move it with the next change to the bundle.
 * - logical-changes.ts imports the type AccessChange from review.ts, which calls it. Moving the
 *   (public) type shifts the line numbers that the API report quotes from review.d.ts, and the API
 *   report must not change in this change; move it with the next change to the report.
 */
const KNOWN_CIRCLE = "^lib/(rotation/(vault/scheduled-rotation|strategies/key-pair-slots)|analysis/review/(review|logical-changes))\\.ts$";

/** The framework and its providers: only the constructs and the check adapter may import them. */
const FRAMEWORK = "^node_modules/(cdktf|constructs|@cdktf/[^/]+)/";
const FRAMEWORK_USERS = "^lib/constructs/|^lib/checks/validation\\.ts$";
/** The Lambda entry points that esbuild bundles (lib/rotation/package.ts and the *-package.ts files). */
const LAMBDA_ENTRIES = "^lib/rotation/(entries/[^/]+|notifier/entry|reminders/entry)\\.ts$";

/** The groups of the tiers above `index`, and the sibling groups of `group`. */
function forbiddenTargets(index, group) {
  const above = TIERS.slice(index + 1).flat();
  const siblings = TIERS[index].filter((g) => g !== group);
  return [...above, ...siblings];
}

/** One rule: files of `group` (less `fromNot`) may not import files of `target` (less `toNot`). */
function layerRule(name, group, target, fromNot, toNot) {
  const pathNotOf = (...paths) => (paths.filter(Boolean).length ? { pathNot: paths.filter(Boolean) } : {});
  return {
    name,
    comment: `${group.name} sits below or beside ${target.name}: imports point down the tiers of .dependency-cruiser.cjs`,
    severity: "error",
    from: { path: group.path, ...pathNotOf(group.pathNot, fromNot) },
    to: { path: target.path, ...pathNotOf(target.pathNot, toNot) },
  };
}

function layerRules() {
  const rules = [];
  TIERS.forEach((tier, index) => {
    for (const group of tier) {
      for (const target of forbiddenTargets(index, group)) {
        const name = `layer-${group.name}-not-${target.name}`;
        const exception = ALLOWED_UPWARD.find((e) => e.groups.some(([f, t]) => f === group.name && t === target.name));
        if (!exception) {
          rules.push(layerRule(name, group, target));
          continue;
        }
        // Everything but the excepted target, from every file; the excepted target, from every
        // file but the excepted ones.
        rules.push(layerRule(name, group, target, undefined, exception.to));
        rules.push(layerRule(`${name}-except-listed`, group, { ...target, path: exception.to, pathNot: undefined }, exception.from));
      }
    }
  });
  return rules;
}

module.exports = {
  forbidden: [
    ...layerRules(),
    {
      name: "every-lib-folder-in-a-tier",
      comment: "a file of lib/ outside every tier would escape the layer rules: give its folder a place in TIERS",
      severity: "error",
      from: { path: "^lib/", pathNot: TIERS.flat().map((g) => g.path) },
      to: {},
    },
    {
      name: "no-framework-outside-constructs",
      comment:
        "cdktf, constructs and @cdktf/* are imported by lib/constructs and the check adapter only: the pure layers stay free of the framework, so a switch of framework stays small",
      severity: "error",
      from: { path: "^(lib|bin)/", pathNot: FRAMEWORK_USERS },
      to: { path: FRAMEWORK },
    },
    {
      name: "no-provider-barrel",
      comment: "import providers by deep path (@cdktf/provider-aws/lib/<resource>): the barrel loads every resource class of the provider",
      severity: "error",
      from: {},
      to: { path: "^node_modules/@cdktf/provider-(aws|vault)/lib/index\\.js$" },
    },
    {
      name: "lambda-entries-stay-lean",
      comment:
        "a Lambda entry point is bundled by esbuild into the rotation asset: neither the framework nor the bundler may be reachable from it, even through other modules",
      severity: "error",
      from: { path: LAMBDA_ENTRIES },
      to: { path: `${FRAMEWORK}|^node_modules/esbuild/|^lib/constructs/`, reachable: true },
    },
    {
      name: "no-circular",
      comment: "no import circles, type-only ones included (tsPreCompilationDeps)",
      severity: "error",
      from: {},
      to: { circular: true, viaNot: KNOWN_CIRCLE },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // node_modules stays in the graph (not followed): the framework rules look at imports of it.
    exclude: { path: "^(dist|cdktf\\.out)/" },
  },
};
