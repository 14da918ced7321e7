/*
 * The frozen corpus (test/fixtures/hostile): outputs that the generator of e50366e made from
 * hostile inventories its validator accepted. simulate must flag every one with the violation kind
 * that names its defect, and flag nothing on the clean shipped examples.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadAccessModel } from "../../../lib/analysis/access-model";
import type { ViolationKind } from "../../../lib/analysis/simulate";
import { simulate } from "../../support/analysis/simulate-checked";
import { loadInventory } from "../../../lib/inventory/load";
import { fixtureInventory } from "../../support/inventories";
import { SynthDirs } from "../../support/analysis/synth-dirs";

const CORPUS = join(__dirname, "..", "..", "fixtures", "hostile");

/** Each case, the kinds it must carry, and one resource that must be named. */
const EXPECTED: Record<string, { kinds: ViolationKind[]; resource: RegExp }> = {
  "db-role-collision": { kinds: ["duplicate-writer"], resource: /^vault:vault\.acme\.example\/etl\/prod\/database\/roles\/shop-main-x-y$/ },
  "connection-collision": { kinds: ["duplicate-writer", "shared-variable"], resource: /^prod\/var\.vault_db_bootstrap_shop_db_a$/ },
  "iam-role-case-collision": { kinds: ["duplicate-writer"], resource: /^aws:222222222222::iam:role\/orders-archiver-prod$/ },
  "iam-role-env-collision": { kinds: ["duplicate-writer"], resource: /^aws:222222222222::iam:role\/acme-data-prod-eu-x$/ },
  "lookalike-vault-address": {
    kinds: ["cross-environment-write", "duplicate-writer"],
    resource: /^vault:vault\.acme\.example\/route:etl\/prod\/kv$/,
  },
  "nested-namespace-under-prod": { kinds: ["cross-environment-write"], resource: /^vault:vault\.acme\.example\/etl\/prod\/sandbox\/kv$/ },
  "mount-prefix-in-prod-namespace": {
    kinds: ["cross-environment-write", "duplicate-writer"],
    resource: /^vault:vault\.acme\.example\/route:etl\/prod\/kv$/,
  },
  "vault-policy-name-collision": {
    kinds: ["duplicate-writer"],
    resource: /^vault:vault\.acme\.example\/sys\/policies\/acl\/a-consumer-b-consumer-c$/,
  },
  "trusted-account-other-env": {
    kinds: ["cross-environment-trust"],
    resource: /^arn:aws:iam::222222222222:role\/acme-data-prod-s3-landing-main$/,
  },
  "iam-star-allow": { kinds: ["pattern-escapes-declared", "wildcard-action"], resource: /^arn:aws:iam::\*:\*$/ },
};

const cases = readdirSync(CORPUS)
  .filter((name) => statSync(join(CORPUS, name)).isDirectory())
  .sort();

describe("the frozen hostile corpus", () => {
  it("holds exactly the cases this test expects (a new case needs an expectation), each with the objects it writes", () => {
    expect(cases).toEqual(Object.keys(EXPECTED).sort());
    for (const name of cases) expect(loadAccessModel(join(CORPUS, name)).objects.length).toBeGreaterThan(10);
  });

  it.each(cases)("%s: flagged with the kind of its defect", (name) => {
    const result = simulate(loadAccessModel(join(CORPUS, name)));
    const expected = EXPECTED[name];
    const kinds = new Set(result.violations.map((v) => v.kind));
    for (const kind of expected.kinds) expect(kinds).toContain(kind);
    expect(result.violations.filter((v) => expected.kinds.includes(v.kind)).map((v) => v.resource)).toContainEqual(
      expect.stringMatching(expected.resource),
    );
    expect(result.decisions.violations).toBe(result.violations.length);
    expect(result.decisions.violationsByKind[expected.kinds[0]]).toBeGreaterThan(0);
  });
});

describe("the clean shipped examples", () => {
  const dirs = new SynthDirs();
  afterAll(() => dirs.cleanup());

  it.each([
    ["examples/multi-env", () => loadInventory(join(__dirname, "..", "..", "..", "examples", "multi-env", "connectors.yaml"))],
    ["acme.yaml", () => fixtureInventory("acme.yaml")],
    ["realworld.yaml", () => fixtureInventory("realworld.yaml")],
  ])("%s: zero violations of any kind", (_name, inventory) => {
    const result = simulate(loadAccessModel(dirs.synth(inventory())));
    expect(result.violations).toEqual([]);
    expect(result.decisions.violationsByKind).toEqual({});
    expect(result.decisions.serverObjects).toBeGreaterThan(100);
  });
});
