/*
 * The auditor (`etl-secrets audit`) reads metadata only: simulate proves it on the synthesized
 * policies, and reports a widened auditor policy (or a widened intent) as a violation.
 */
import { loadAccessModel } from "../../../lib/analysis/access-model";
import type { SimulationResult } from "../../../lib/analysis/simulate";
import { judgeIntent } from "../../../lib/analysis/simulate/judge";
import type { IntentPrincipal } from "../../../lib/intent/types";
import type { VaultLocation } from "../../../lib/analysis/access-model/types";
import { simulate } from "../../support/analysis/simulate-checked";
import { editStack, resourceKey, SynthDirs } from "../../support/analysis/synth-dirs";

const dirs = new SynthDirs();
let acme: string;

beforeAll(() => {
  acme = dirs.fixture("acme.yaml");
});
afterAll(() => dirs.cleanup());

const run = (dir: string): SimulationResult => simulate(loadAccessModel(dir));
const auditorViolations = (result: SimulationResult) => result.violations.filter((v) => /auditor/.test(v.principal));

describe("simulate: the auditor", () => {
  it("reaches metadata as intended and no value, in every environment of acme", () => {
    const model = loadAccessModel(acme);
    const auditors = model.intent.environments.flatMap((e) => e.principals.filter((p) => p.class === "auditor"));
    expect(auditors.map((p) => p.name).sort()).toEqual([
      "acme-data-dev.auditor",
      "acme-data-prod.auditor",
      "acme-data-staging.auditor",
      "dev-auditors",
      "prod-auditors",
      "staging-auditors",
      "test-auditors",
    ]);
    for (const auditor of auditors)
      for (const grant of auditor.grants) expect(grant.actions).not.toContain("secretsmanager:GetSecretValue");
    const result = run(acme);
    expect(auditorViolations(result)).toEqual([]);
    // The summary simulate prints: every auditor reaches metadata, none a value.
    expect(result.auditors).toHaveLength(7);
    for (const reach of result.auditors) expect(reach.valueLocations).toBe(0);
    expect(
      result.auditors
        .filter((a) => a.metadataLocations > 0)
        .map((a) => a.environment)
        .sort(),
    ).toEqual(["dev", "dev", "prod", "prod", "staging", "staging", "test"]);
  });

  it("reports a widened Vault auditor policy that reads KV data: every value it reaches, and the pattern", () => {
    const dir = dirs.copy(acme);
    editStack(dir, "prod", (json) => {
      const key = resourceKey(json, "vault_policy", "auditor_policy");
      json.resource.vault_policy[key].policy += '\npath "kv/data/*" {\n  capabilities = ["read"]\n}\n';
    });
    const violations = auditorViolations(run(dir));
    const access = violations.filter((v) => v.kind === "access");
    expect(access.length).toBeGreaterThan(0);
    for (const v of access) {
      expect(v.principal).toBe("vault:vault.acme.example/etl/prod/identity/group/prod-auditors");
      expect(v.resource).toMatch(/\/kv\/data\//);
      expect(v.reason).toBe("an auditor reaches a value: auditors read metadata only, never a value");
    }
    expect(violations.filter((v) => v.kind === "pattern-escapes-declared").map((v) => v.resource)).toEqual([
      "vault:vault.acme.example/etl/prod/kv/data/*",
    ]);
    const widened = run(dir).auditors.find((a) => a.principal.endsWith("/prod-auditors"))!;
    expect(widened.valueLocations).toBe(new Set(access.map((v) => v.resource)).size);
  });

  it("reports an auditor role whose Deny was removed and GetSecretValue allowed", () => {
    const dir = dirs.copy(acme);
    editStack(dir, "prod", (json) => {
      const key = resourceKey(json, "aws_iam_role_policy", "auditor_policy");
      const document = JSON.parse(json.resource.aws_iam_role_policy[key].policy);
      document.Statement = document.Statement.filter((s: { Effect: string }) => s.Effect === "Allow");
      document.Statement[1].Action.push("secretsmanager:GetSecretValue");
      json.resource.aws_iam_role_policy[key].policy = JSON.stringify(document);
    });
    const access = auditorViolations(run(dir)).filter((v) => v.kind === "access");
    expect(access.length).toBeGreaterThan(0);
    expect(new Set(access.map((v) => `${v.principal} ${v.action} ${v.reason}`))).toEqual(
      new Set([
        "arn:aws:iam::222222222222:role/acme-data-prod.auditor secretsmanager:GetSecretValue an auditor reaches a value: auditors read metadata only, never a value",
      ]),
    );
  });

  it("judges a value reach by an auditor a violation even when a (widened) intent grants it", () => {
    const location: VaultLocation = {
      store: "vault",
      id: "vault:c/ns/kv/data/connectors/x/main",
      cluster: "c",
      namespace: "ns",
      path: "kv/data/connectors/x/main",
      kind: "data",
      origin: [],
    };
    const intent = (cls: IntentPrincipal["class"]): IntentPrincipal => ({
      id: "vault:c/ns/identity/group/g",
      class: cls,
      environment: "prod",
      name: "g",
      store: "vault",
      auth: "group",
      grants: [{ credentialId: "x/main", resource: location.id, actions: ["read"] }],
    });
    const principal = { kind: "vault", id: "vault:c/ns/identity/group/g", environment: "prod" } as never;
    expect(judgeIntent(principal, intent("auditor"), location, "read", "via").outcome).toBe("violation");
    expect(judgeIntent(principal, intent("operator"), location, "read", "via").outcome).toBe("intended");
    const metadata: VaultLocation = {
      ...location,
      id: "vault:c/ns/kv/metadata/connectors/x/main",
      path: "kv/metadata/connectors/x/main",
      kind: "metadata",
    };
    const auditor = { ...intent("auditor"), grants: [{ credentialId: "x/main", resource: metadata.id, actions: ["list", "read"] }] };
    expect(judgeIntent(principal, auditor, metadata, "read", "via").outcome).toBe("intended");
  });
});
