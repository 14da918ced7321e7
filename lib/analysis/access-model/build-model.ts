/*
 * The access model of a synth directory: every principal (Vault auth roles and identity groups
 * with their policies; IAM roles with their identity policies) and every credential location
 * (Vault paths, Secrets Manager secrets with tags, resource policy and key), read from the
 * synthesized JSON, with the intent manifest's locations of every environment added so that
 * cross-environment attempts are evaluated too.
 *
 * The builder only orchestrates: each kind of synthesized resource has its reader in ./readers/,
 * run in an order where later readers find what earlier ones read (Vault policies before the
 * principals that name them, managed policies before the roles they are attached to, KMS keys
 * before the secrets they encrypt). The order also fixes the order of the issues.
 */
import { canonicalRoleArn } from "../../intent/ids";
import type { IntentEnvironment, IntentPrincipal } from "../../intent/types";
import { byText } from "../../shared/text-order";
import { serverObjectsOf } from "../identity/server-objects";
import { indexStack, ReferenceResolver } from "./references";
import { readSynthDir, type SynthDir } from "./synth-dir";
import type { AccessModel, IamPrincipal, ModelIssue, Principal, RoleTrust } from "./types";
import type { ReadContext } from "./readers/context";
import { readManagedPolicies, readIamRoles, readRolePolicyAttachments } from "./readers/iam";
import { IamRoleRegistry } from "./readers/iam-role-registry";
import { readIntentLocations } from "./readers/intent-locations";
import { readKmsKeys } from "./readers/kms";
import { LocationSet } from "./readers/locations";
import { groupResourcesByType } from "./readers/resources";
import { readSecrets } from "./readers/secrets-manager";
import { readVaultPaths } from "./readers/vault-paths";
import { readVaultPolicies } from "./readers/vault-policies";
import { readVaultPrincipals } from "./readers/vault-principals";

/** The stand-in for "anyone in another account": it grants itself everything, as an attacker would. */
export const OUTSIDER_ARN = "arn:aws:iam::000000000001:role/etl-secrets-simulate-outsider";

export function loadAccessModel(dir: string): AccessModel {
  return buildAccessModel(readSynthDir(dir));
}

export function buildAccessModel(synth: SynthDir): AccessModel {
  const stacks = synth.stacks.map(indexStack);
  const resolver = new ReferenceResolver(stacks);
  const issues: ModelIssue[] = [];
  const intent = synth.intent;
  const intentPrincipals = new Map<string, { env: IntentEnvironment; principal: IntentPrincipal }>();
  for (const env of intent.environments) for (const principal of env.principals) intentPrincipals.set(principal.id, { env, principal });
  const byType = groupResourcesByType(synth, stacks, resolver, issues);
  const context: ReadContext = {
    intent,
    stacks,
    resolver,
    issues,
    envByStack: new Map(intent.environments.map((env) => [env.stack, env])),
    intentPrincipals,
    ofType: (type) => byType.get(type) ?? [],
  };

  const principals = new Map<string, Principal>();
  readVaultPrincipals(context, readVaultPolicies(context), principals);

  const roles = new IamRoleRegistry(context, readManagedPolicies(context));
  const trusts: RoleTrust[] = [];
  readIamRoles(context, roles, trusts);
  readRolePolicyAttachments(context, roles);

  const kms = readKmsKeys(context);
  const locations = new LocationSet();
  for (const secret of readSecrets(context, kms).values()) locations.add(secret);
  readVaultPaths(context, locations);
  readIntentLocations(intent, locations);

  addResourcePolicyPrincipals(locations, roles);
  for (const role of roles.values()) principals.set(role.id, role);
  if ([...locations.values()].some((l) => l.store === "aws")) principals.set(OUTSIDER_ARN, outsider());

  for (const opaque of resolver.opaque) {
    if (/^(var|data)\./.test(opaque.expression) || opaque.expression.includes("(")) continue;
    issues.push({
      severity: "warning",
      stack: opaque.stack,
      message: `reference \${${opaque.expression}} could not be resolved; left as is`,
    });
  }

  return {
    dir: synth.dir,
    intent,
    stacks,
    principals: [...principals.values()].sort((a, b) => byText(a.id, b.id)),
    locations: [...locations.values()].sort((a, b) => byText(a.id, b.id)),
    issues: dedupeIssues(issues),
    objects: serverObjectsOf(synth),
    trusts,
    ignoredStacks: synth.ignored ?? [],
  };
}

/** Principals a secret's resource policy names: they may need no identity policy at all. */
function addResourcePolicyPrincipals(locations: LocationSet, roles: IamRoleRegistry): void {
  for (const location of locations.values()) {
    if (location.store !== "aws" || !location.resourcePolicy) continue;
    for (const statement of location.resourcePolicy.statements) {
      for (const arn of statement.principals?.aws ?? []) {
        const canonical = canonicalRoleArn(arn);
        const match = /^arn:([^:]+):iam::(\d+):role\/(.+)$/.exec(canonical);
        if (match) roles.ensure(match[2], match[1], match[3], undefined, arn);
      }
    }
  }
}

/** The outsider principal, present whenever an AWS location is: it allows itself every action on every resource. */
function outsider(): IamPrincipal {
  return {
    kind: "iam",
    id: OUTSIDER_ARN,
    arn: OUTSIDER_ARN,
    accountId: OUTSIDER_ARN.split(":")[4],
    roleName: OUTSIDER_ARN.slice(OUTSIDER_ARN.lastIndexOf("/") + 1),
    tags: {},
    identityPolicies: [
      {
        name: "outsider grants itself everything",
        statements: [{ index: 0, effect: "Allow", actions: ["*"], resources: ["*"], conditions: [] }],
      },
    ],
    opaquePolicies: [],
    outsider: true,
  };
}

function dedupeIssues(issues: readonly ModelIssue[]): ModelIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.severity}|${issue.stack}|${issue.address}|${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
