/*
 * The indexed simulation against its oracle, the exhaustive one, on access models made hostile at
 * random: real synth outputs (acme, realworld) whose principals get extra Vault rules and IAM
 * statements, whose secrets get resource and key policy statements, and whose tokens move between
 * namespaces. Patterns are cut from the real paths and ARNs and then widened (`*`, `+`, `?`),
 * re-cased, prefixed with another namespace or given policy variables and encryption-context
 * conditions: the shapes where an index that looks up a pattern's literal head could miss a
 * location it reaches. Both simulations must report the same decisions, violations, blocked
 * grants and unmet intent, every time.
 */
import fc from "fast-check";
import { loadAccessModel, type AccessModel } from "../../../lib/analysis/access-model";
import type { AwsSecret, IamPrincipal, Location, Principal, VaultPrincipal } from "../../../lib/analysis/access-model/types";
import { parseIamPolicy, type IamPolicy } from "../../../lib/analysis/iam";
import { simulate, simulateExhaustive } from "../../../lib/analysis/simulate";
import type { PolicyCapability } from "../../../lib/vault-hcl/capabilities";
import { SynthDirs } from "../../support/analysis/synth-dirs";
import { propertyRuns } from "../../support/property-runs";

const RUNS = propertyRuns(60, { variable: "SIMULATE_ORACLE_RUNS" });
const SEED = Number(process.env.ADVERSARIAL_SEED ?? 20261203);

const dirs = new SynthDirs();
const models: AccessModel[] = [];

beforeAll(() => {
  for (const fixture of ["acme.yaml", "realworld.yaml"] as const) models.push(loadAccessModel(dirs.fixture(fixture)));
});
afterAll(() => dirs.cleanup());

/** A choice resolved against the model when the mutation is applied (an index taken modulo a list's length). */
const pick = fc.nat({ max: 10_000 });
const at = <T>(list: readonly T[], index: number): T => list[index % list.length];

// ---- Vault patterns -------------------------------------------------------------------------

type VaultShape =
  | "exact"
  | "list-slash"
  | "truncate-glob"
  | "plus-segment"
  | "plus-glob"
  | "root-glob"
  | "leading-slash"
  | "upper"
  | "other-namespace"
  | "absolute";

const vaultRule = fc.record({
  location: pick,
  shape: fc.constantFrom<VaultShape>(
    "exact",
    "list-slash",
    "truncate-glob",
    "plus-segment",
    "plus-glob",
    "root-glob",
    "leading-slash",
    "upper",
    "other-namespace",
    "absolute",
  ),
  cut: pick,
  capabilities: fc.subarray<PolicyCapability>(["read", "create", "update", "patch", "delete", "list", "deny", "sudo"], { minLength: 1 }),
});

function vaultPath(model: AccessModel, principal: VaultPrincipal, rule: { location: number; shape: VaultShape; cut: number }): string {
  const locations = model.locations.filter((l) => l.store === "vault");
  const location = at(locations, rule.location);
  if (location.store !== "vault") throw new Error("unreachable");
  const full = [location.namespace, location.path].filter(Boolean).join("/");
  // The path as the principal's token sees it when the location is inside its namespace.
  const relative =
    principal.namespace && full.startsWith(`${principal.namespace}/`) ? full.slice(principal.namespace.length + 1) : location.path;
  const segments = relative.split("/");
  switch (rule.shape) {
    case "exact":
      return relative;
    case "list-slash":
      return `${relative}/`;
    case "truncate-glob":
      return `${relative.slice(0, rule.cut % (relative.length + 1))}*`;
    case "plus-segment":
      return segments.map((s, i) => (i === rule.cut % segments.length ? "+" : s)).join("/");
    case "plus-glob":
      return `${segments
        .slice(0, 1 + (rule.cut % segments.length))
        .map((s, i) => (i === 0 ? "+" : s))
        .join("/")}*`;
    case "root-glob":
      return rule.cut % 2 === 0 ? "*" : "+/*";
    case "leading-slash":
      return `/${relative}`;
    case "upper":
      return relative.toUpperCase();
    case "other-namespace":
      return `${at(locations, rule.cut).store === "vault" ? (at(locations, rule.cut) as { namespace: string }).namespace : ""}/${location.path}`.replace(
        /^\//,
        "",
      );
    case "absolute":
      return full;
  }
}

// ---- IAM statements -------------------------------------------------------------------------

type ArnShape = "exact" | "truncate-glob" | "question" | "upper-service" | "variable" | "star" | "not-resource" | "no-resource";

const ACTIONS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:*",
  "secretsmanager:Put*",
  "kms:Decrypt",
  "kms:*",
  "kms:GenerateDataKey*",
  "*",
  "s3:GetObject",
];

const iamStatement = fc.record({
  target: pick,
  key: fc.boolean(),
  shape: fc.constantFrom<ArnShape>(
    "exact",
    "truncate-glob",
    "question",
    "upper-service",
    "variable",
    "star",
    "not-resource",
    "no-resource",
  ),
  cut: pick,
  effect: fc.constantFrom("Allow", "Allow", "Allow", "Deny"),
  actions: fc.subarray(ACTIONS, { minLength: 1 }),
  condition: fc.constantFrom("none", "encryption-context", "principal-tag", "via-service"),
});

function arnPattern(
  model: AccessModel,
  statement: { target: number; key: boolean; shape: ArnShape; cut: number },
): { Resource?: string[]; NotResource?: string[] } {
  const secrets = model.locations.filter((l): l is AwsSecret => l.store === "aws");
  const secret = at(secrets, statement.target);
  const arn = statement.key && secret.kmsKeyArn ? secret.kmsKeyArn : secret.id;
  switch (statement.shape) {
    case "exact":
      return { Resource: [arn] };
    case "truncate-glob":
      return { Resource: [`${arn.slice(0, statement.cut % (arn.length + 1))}*`] };
    case "question": {
      const i = statement.cut % arn.length;
      return { Resource: [`${arn.slice(0, i)}?${arn.slice(i + 1)}`] };
    }
    case "upper-service":
      return { Resource: [arn.replace(/^arn:aws:([a-z]+):/, (_, service: string) => `arn:aws:${service.toUpperCase()}:`)] };
    case "variable":
      return { Resource: [arn.replace(secret.environment ?? "dev", "${aws:PrincipalTag/environment}")] };
    case "star":
      return { Resource: ["*"] };
    case "not-resource":
      return { NotResource: [arn] };
    case "no-resource":
      return {};
  }
}

function condition(kind: string, model: AccessModel, target: number): Record<string, unknown> {
  const secrets = model.locations.filter((l): l is AwsSecret => l.store === "aws");
  if (kind === "encryption-context") return { Condition: { StringEquals: { "kms:EncryptionContext:SecretARN": at(secrets, target).id } } };
  if (kind === "principal-tag")
    return { Condition: { StringEquals: { "aws:ResourceTag/environment": "${aws:PrincipalTag/environment}" } } };
  if (kind === "via-service") return { Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } } };
  return {};
}

function withStatements(policy: IamPolicy | undefined, name: string, statements: readonly unknown[]): IamPolicy {
  const added = parseIamPolicy(name, { Version: "2012-10-17", Statement: statements }).statements;
  const base = policy?.statements ?? [];
  return { name: policy?.name ?? name, statements: [...base, ...added.map((s, i) => ({ ...s, index: base.length + i }))] };
}

// ---- Resource and key policies --------------------------------------------------------------

const grantee = fc.record({
  who: fc.constantFrom("everyone", "role", "not-principal", "account"),
  principal: pick,
  actions: fc.subarray(ACTIONS, { minLength: 1 }),
  effect: fc.constantFrom("Allow", "Allow", "Deny"),
});

function principalElement(model: AccessModel, g: { who: string; principal: number }): Record<string, unknown> {
  const roles = model.principals.filter((p): p is IamPrincipal => p.kind === "iam");
  const role = at(roles, g.principal);
  if (g.who === "everyone") return { Principal: "*" };
  if (g.who === "not-principal") return { NotPrincipal: { AWS: role.arn } };
  if (g.who === "account") return { Principal: { AWS: `arn:aws:iam::${role.accountId}:root` } };
  return { Principal: { AWS: role.arn } };
}

// ---- Mutations ------------------------------------------------------------------------------

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("vault-rule" as const), principal: pick, rules: fc.array(vaultRule, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant("namespace" as const), principal: pick, to: pick }),
  fc.record({
    kind: fc.constant("iam-statement" as const),
    principal: pick,
    statements: fc.array(iamStatement, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant("resource-policy" as const), secret: pick, grantee }),
  fc.record({ kind: fc.constant("key-policy" as const), secret: pick, grantee, wholeKey: fc.boolean() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(model: AccessModel, mutations: readonly Mutation[]): AccessModel {
  let principals: Principal[] = [...model.principals];
  let locations: Location[] = [...model.locations];
  const vaultIndexes = principals.flatMap((p, i) => (p.kind === "vault" ? [i] : []));
  const iamIndexes = principals.flatMap((p, i) => (p.kind === "iam" ? [i] : []));
  const secretIndexes = locations.flatMap((l, i) => (l.store === "aws" ? [i] : []));
  for (const m of mutations) {
    if (m.kind === "vault-rule" || m.kind === "namespace") {
      const i = at(vaultIndexes, m.principal);
      const principal = principals[i] as VaultPrincipal;
      if (m.kind === "namespace") {
        const namespaces = [
          ...new Set(["", ...locations.flatMap((l) => (l.store === "vault" ? [l.namespace, l.namespace.split("/")[0]] : []))]),
        ];
        principals[i] = { ...principal, namespace: at(namespaces, m.to) };
      } else {
        const rules = m.rules.map((rule) => ({ path: vaultPath(model, principal, rule), capabilities: rule.capabilities }));
        principals[i] = { ...principal, policies: [...principal.policies, { name: "fuzz", rules }] };
      }
    } else if (m.kind === "iam-statement") {
      const i = at(iamIndexes, m.principal);
      const principal = principals[i] as IamPrincipal;
      const statements = m.statements.map((s) => ({
        Effect: s.effect,
        Action: s.actions,
        ...arnPattern(model, s),
        ...condition(s.condition, model, s.cut),
      }));
      principals[i] = { ...principal, identityPolicies: [...principal.identityPolicies, withStatements(undefined, "fuzz", statements)] };
    } else {
      const i = at(secretIndexes, m.secret);
      const secret = locations[i] as AwsSecret;
      const statement = { Effect: m.grantee.effect, ...principalElement(model, m.grantee), Action: m.grantee.actions, Resource: "*" };
      if (m.kind === "resource-policy") {
        locations[i] = { ...secret, resourcePolicy: withStatements(secret.resourcePolicy, "resource", [statement]) };
      } else if (secret.kmsKeyArn) {
        const keyPolicy = withStatements(secret.keyPolicy, "key", [statement]);
        locations = locations.map((l, j) =>
          l.store === "aws" && (j === i || (m.wholeKey && l.kmsKeyArn === secret.kmsKeyArn)) ? { ...l, keyPolicy } : l,
        );
      }
    }
  }
  principals = principals.map((p) => ({ ...p }));
  return { ...model, principals, locations };
}

describe("the indexed simulation agrees with the exhaustive one", () => {
  it("on the unmodified fixtures", () => {
    for (const model of models) expect(simulate(model)).toEqual(simulateExhaustive(model));
  });

  it("on fixtures made hostile at random: widened, re-cased and misplaced patterns, open resource and key policies", () => {
    fc.assert(
      fc.property(fc.nat({ max: 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (which, mutations) => {
        const model = mutate(models[which], mutations);
        const indexed = simulate(model);
        const exhaustive = simulateExhaustive(model);
        expect(indexed).toEqual(exhaustive);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
