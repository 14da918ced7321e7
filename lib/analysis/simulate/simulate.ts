/*
 * Every principal x every credential location x every action, decided by the Vault and IAM
 * evaluators over the synthesized policies, then compared with the intent manifest and with the
 * environment boundaries. An allowed access is a violation when the intent does not grant it, when
 * it crosses an environment, reaches another connector's credential, or writes where read was
 * declared. A grant that another layer blocks (a resource policy, the account boundary, a
 * namespace or cluster boundary) is not a violation, but it is reported with that layer.
 */
import { evaluateIam, type IamDecision, type StatementRef } from "../iam/policy-evaluator";
import type { ContextValue } from "../iam/request-context";
import { joinNamespace } from "../intent/ids";
import type { IntentGrant, IntentPrincipal } from "../intent/types";
import type { AccessModel, AwsSecret, IamPrincipal, ModelIssue, Principal, VaultLocation, VaultPrincipal } from "../access-model/types";
import type { Capability } from "../vault/capabilities";
import { evaluateVault, evaluateVaultInNamespace, type VaultDecision } from "../vault/policy-evaluator";
import { proveWithExceptions, type AllowedByException, type ProofKind } from "../proof/proof";

export const VAULT_ACTIONS: readonly Capability[] = ["read", "create", "update", "patch", "delete", "list"];
export const AWS_SECRET_ACTIONS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:DescribeSecret",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecret",
  "secretsmanager:DeleteSecret",
  "secretsmanager:PutResourcePolicy",
  "secretsmanager:RotateSecret",
  "secretsmanager:UpdateSecretVersionStage",
] as const;
/** Decrypting (and encrypting a new version) goes through Secrets Manager with the secret's key. */
export const AWS_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"] as const;

const WRITE_ACTIONS = new Set<string>([
  "create",
  "update",
  "patch",
  "delete",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecret",
  "secretsmanager:DeleteSecret",
  "secretsmanager:PutResourcePolicy",
  "secretsmanager:RotateSecret",
  "secretsmanager:UpdateSecretVersionStage",
  "kms:GenerateDataKey",
]);

export type Outcome = "intended" | "violation" | "blocked" | "denied" | "shared-key";

/** `access`: an evaluated decision the intent does not grant; the others come from the proof (lib/analysis/proof). */
export type ViolationKind = "access" | ProofKind;

export interface Violation {
  readonly kind: ViolationKind;
  readonly principal: string;
  /** The principal's environment ("(none)" when it belongs to none). */
  readonly environment: string;
  readonly resource: string;
  readonly action: string;
  /** The policy and rule or statement that allows it. */
  readonly via: string;
  /** Why it is a violation. */
  readonly reason: string;
  readonly resourceEnvironment?: string;
}

export interface BlockedGrant {
  readonly principal: string;
  readonly environment: string;
  readonly resource: string;
  readonly action: string;
  /** The grant that would allow it. */
  readonly via: string;
  /** The layer that stops it. */
  readonly blockedBy: string;
}

export interface UnmetIntent {
  readonly principal: string;
  readonly environment: string;
  readonly resource: string;
  readonly action: string;
  readonly reason: string;
}

export interface DecisionSummary {
  readonly evaluated: number;
  readonly allowed: number;
  readonly intended: number;
  readonly violations: number;
  readonly blocked: number;
  readonly denied: number;
  /** KMS use of the environment's shared key that Secrets Manager still gates by GetSecretValue. */
  readonly sharedKey: number;
  readonly principals: number;
  readonly locations: number;
  /** Blocked grants by layer. */
  readonly blockedBy: Readonly<Record<string, number>>;
  readonly blockedGrants: readonly BlockedGrant[];
  /** Declared grants the synthesized policies do not give. */
  readonly unmetIntent: number;
  /** Objects the stacks write, identified by server identity. */
  readonly serverObjects: number;
  /** Violations by kind (access decisions and the proof's checks). */
  readonly violationsByKind: Readonly<Record<string, number>>;
}

export interface SimulationResult {
  readonly decisions: DecisionSummary;
  /** Sorted by principal, resource, action. */
  readonly violations: readonly Violation[];
  readonly unmetIntent: readonly UnmetIntent[];
  readonly issues: readonly ModelIssue[];
  /** Boundary crossings that a declared, unexpired exception allows: not violations, still shown. */
  readonly allowedByException: readonly AllowedByException[];
}

export interface SimulateOptions {
  /** Today (YYYY-MM-DD): an exception expired by then allows nothing. Without it expiry is not judged. */
  readonly now?: string;
}

interface Judged {
  readonly outcome: Outcome;
  readonly via?: string;
  readonly reason?: string;
  readonly blockedBy?: string;
}

export function simulate(model: AccessModel, options: SimulateOptions = {}): SimulationResult {
  const intentById = new Map<string, IntentPrincipal>();
  for (const env of model.intent.environments) for (const principal of env.principals) intentById.set(principal.id, principal);
  const counts: Record<Outcome, number> = { intended: 0, violation: 0, blocked: 0, denied: 0, "shared-key": 0 };
  const violations: Violation[] = [];
  const blocked: BlockedGrant[] = [];
  const allowedKeys = new Set<string>();

  const record = (principal: Principal, resource: VaultLocation | AwsSecret, action: string, judged: Judged) => {
    counts[judged.outcome]++;
    const environment = principal.environment ?? "(none)";
    if (judged.outcome === "intended" || judged.outcome === "violation" || judged.outcome === "shared-key") allowedKeys.add(`${principal.id}|${resource.id}|${action}`);
    if (judged.outcome === "violation") {
      violations.push({
        kind: "access",
        principal: principal.id,
        environment,
        resource: resource.id,
        action,
        via: judged.via ?? "",
        reason: judged.reason ?? "",
        ...(resource.environment ? { resourceEnvironment: resource.environment } : {}),
      });
    }
    if (judged.outcome === "blocked") blocked.push({ principal: principal.id, environment, resource: resource.id, action, via: judged.via ?? "", blockedBy: judged.blockedBy ?? "" });
  };

  for (const principal of model.principals) {
    const intent = intentById.get(principal.id);
    for (const location of model.locations) {
      if (principal.kind === "vault" && location.store === "vault") {
        for (const action of VAULT_ACTIONS) record(principal, location, action, judgeVault(principal, intent, location, action));
      } else if (principal.kind === "iam" && location.store === "aws") {
        for (const action of AWS_SECRET_ACTIONS) record(principal, location, action, judgeIam(principal, intent, location, action, false));
        if (location.kmsKeyArn) for (const action of AWS_KEY_ACTIONS) record(principal, location, action, judgeIam(principal, intent, location, action, true));
      }
    }
  }

  // Declared grants the synthesized policies do not give (a consumer that cannot read its secret).
  const unmet: UnmetIntent[] = [];
  const locationIds = new Set(model.locations.map((l) => l.id));
  const principalIds = new Set(model.principals.map((p) => p.id));
  for (const env of model.intent.environments) {
    for (const principal of env.principals) {
      for (const grant of principal.grants) {
        for (const action of grant.actions) {
          if (!principalIds.has(principal.id)) {
            unmet.push({ principal: principal.id, environment: env.name, resource: grant.resource, action, reason: "the principal is not in the synth output" });
          } else if (locationIds.has(grant.resource) && isEvaluated(action, model, grant) && !allowedKeys.has(`${principal.id}|${grant.resource}|${action}`)) {
            unmet.push({ principal: principal.id, environment: env.name, resource: grant.resource, action, reason: "declared, but the synthesized policies do not allow it" });
          }
        }
      }
    }
  }

  const blockedBy: Record<string, number> = {};
  for (const grant of blocked) {
    const layer = grant.blockedBy.split(":")[0];
    blockedBy[layer] = (blockedBy[layer] ?? 0) + 1;
  }
  const evaluated = Object.values(counts).reduce((a, b) => a + b, 0);
  const proof = proveWithExceptions(model, options);
  const all: Violation[] = [...violations.sort(compareAccess), ...proof.violations];
  const byKind: Record<string, number> = {};
  for (const v of all) byKind[v.kind] = (byKind[v.kind] ?? 0) + 1;
  return {
    decisions: {
      evaluated,
      allowed: counts.intended + counts.violation + counts["shared-key"],
      intended: counts.intended,
      violations: all.length,
      blocked: counts.blocked,
      denied: counts.denied,
      sharedKey: counts["shared-key"],
      principals: model.principals.length,
      locations: model.locations.length,
      blockedBy: sortRecord(blockedBy),
      blockedGrants: blocked.sort(compareAccess),
      unmetIntent: unmet.length,
      serverObjects: model.objects.length,
      violationsByKind: sortRecord(byKind),
    },
    violations: all,
    unmetIntent: unmet.sort(compareAccess),
    issues: model.issues,
    allowedByException: proof.allowed,
  };
}

/** Whether simulate evaluates an intended action at all (KMS only on secrets with a known key). */
const EVALUATED = new Set<string>([...VAULT_ACTIONS, ...AWS_SECRET_ACTIONS, ...AWS_KEY_ACTIONS]);

function isEvaluated(action: string, model: AccessModel, grant: IntentGrant): boolean {
  if (!EVALUATED.has(action)) return false;
  if (!action.startsWith("kms:")) return true;
  const location = model.locations.find((l) => l.id === grant.resource);
  return location?.store === "aws" && location.kmsKeyArn !== undefined;
}

function judgeIntent(principal: Principal, intent: IntentPrincipal | undefined, location: VaultLocation | AwsSecret, action: string, via: string): Judged {
  const grant = intent?.grants.find((g) => g.resource === location.id);
  if (grant?.actions.includes(action)) return { outcome: "intended", via };
  return { outcome: "violation", via, reason: violationReason(principal, intent, grant, location, action) };
}

function violationReason(principal: Principal, intent: IntentPrincipal | undefined, grant: IntentGrant | undefined, location: VaultLocation | AwsSecret, action: string): string {
  if (principal.kind === "iam" && principal.outsider) return "a principal outside every declared account reaches it";
  if (principal.environment && location.environment && principal.environment !== location.environment) {
    return `across an environment boundary: a principal of ${principal.environment} reaches ${location.environment}`;
  }
  if (!intent) return "the principal is not declared in the intent manifest";
  if (grant?.quarantined) return "the credential is quarantined: its consumers are denied";
  if (location.connectorId && !intent.grants.some((g) => g.credentialId.split("/")[0] === location.connectorId)) {
    return `another connector's credential (${location.credentialId ?? location.connectorId})`;
  }
  if (grant && WRITE_ACTIONS.has(action) && grant.actions.length > 0) return `write where read was declared (declared: ${grant.actions.join(", ")})`;
  if (location.credentialId && !intent.grants.some((g) => g.credentialId === location.credentialId)) return `a credential the inventory does not grant it (${location.credentialId})`;
  return "beyond the intent manifest";
}

function vaultVia(decision: VaultDecision): string {
  return `vault policy "${decision.policy ?? "?"}" path "${decision.matchedPattern ?? "?"}"`;
}

function judgeVault(principal: VaultPrincipal, intent: IntentPrincipal | undefined, location: VaultLocation, action: Capability): Judged {
  const fullPath = joinNamespace(location.namespace, location.path);
  if (principal.cluster === location.cluster) {
    const decision = evaluateVaultInNamespace(principal.policies, { tokenNamespace: principal.namespace, requestNamespace: location.namespace, path: location.path }, action);
    if (decision.allowed) return judgeIntent(principal, intent, location, action, vaultVia(decision));
    const inside = principal.namespace === "" || fullPath.startsWith(`${principal.namespace}/`);
    if (!inside) {
      const planted = evaluateVault(principal.policies, fullPath, action);
      if (planted.allowed) {
        return { outcome: "blocked", via: vaultVia(planted), blockedBy: `namespace boundary: a token of namespace "${principal.namespace}" never reaches "${location.namespace || "root"}"` };
      }
    }
    return { outcome: "denied" };
  }
  // Another cluster: a token is only valid where it was issued. Report a policy that names it anyway.
  const planted = evaluateVault(principal.policies, fullPath, action);
  if (planted.allowed) return { outcome: "blocked", via: vaultVia(planted), blockedBy: `cluster boundary: a token of ${principal.cluster} is not valid on ${location.cluster}` };
  return { outcome: "denied" };
}

function secretsManagerContext(location: AwsSecret): Record<string, ContextValue> {
  // The most permissive context a caller can present: a breach that needs it is still a breach.
  return {
    "aws:SecureTransport": "true",
    "aws:MultiFactorAuthPresent": "true",
    "aws:MultiFactorAuthAge": "0",
    "kms:ViaService": `secretsmanager.${location.region}.amazonaws.com`,
    "kms:CallerAccount": "",
    "kms:EncryptionContext:SecretARN": location.id,
    "aws:CalledVia": "secretsmanager.amazonaws.com",
  };
}

function describeRefs(refs: readonly StatementRef[]): string {
  return refs.map((ref) => `${ref.layer} policy "${ref.policy}" statement ${ref.sid ? `"${ref.sid}"` : `#${ref.statement}`}`).join(", ");
}

function judgeIam(principal: IamPrincipal, intent: IntentPrincipal | undefined, location: AwsSecret, action: string, key: boolean): Judged {
  const resourceArn = key ? location.kmsKeyArn! : location.id;
  const resourcePolicy = key ? location.keyPolicy : location.resourcePolicy;
  const context = { ...secretsManagerContext(location), "kms:CallerAccount": principal.accountId };
  const request = {
    principal: { arn: principal.arn, accountId: principal.accountId, tags: principal.tags },
    action,
    resource: key ? { arn: resourceArn } : { arn: resourceArn, accountId: location.accountId, tags: location.tags },
    context,
  };
  const decision: IamDecision = evaluateIam({ request, identityPolicies: principal.identityPolicies, resourcePolicy });
  if (decision.decision === "allow") {
    const via = describeRefs(decision.decidingStatements);
    const judged = judgeIntent(principal, intent, location, action, via);
    if (key && judged.outcome === "violation" && !principal.outsider) {
      // One key serves the whole environment; Secrets Manager decrypts only for a caller it allowed.
      const crosses = principal.environment && location.environment && principal.environment !== location.environment;
      if (!crosses && principal.accountId === location.accountId) return { outcome: "shared-key", via };
    }
    return judged;
  }
  if (principal.outsider) return { outcome: "denied" };
  const identityOnly = evaluateIam({ request, identityPolicies: principal.identityPolicies });
  const identityAllows = identityOnly.decision === "allow" || (identityOnly.decision === "implicit-deny" && (identityOnly.missingAllowFrom ?? []).join() === "resource");
  if (!identityAllows) return { outcome: "denied" };
  const grant = intent?.grants.find((g) => g.resource === location.id);
  if (grant?.actions.includes(action)) return { outcome: "denied" };
  const via = describeRefs(identityOnly.decidingStatements) || "identity policy";
  if (decision.decision === "explicit-deny") {
    const resourceDenies = decision.decidingStatements.filter((ref) => ref.layer === "resource");
    const layer = resourceDenies.length > 0 ? (key ? "key policy" : "resource policy") : "identity policy deny";
    return { outcome: "blocked", via, blockedBy: `${layer}: ${describeRefs(resourceDenies.length > 0 ? resourceDenies : decision.decidingStatements)}` };
  }
  if (!decision.sameAccount) {
    return { outcome: "blocked", via, blockedBy: `account boundary: ${principal.accountId} -> ${location.accountId}, and no ${key ? "key" : "resource"} policy allows it` };
  }
  return { outcome: "blocked", via, blockedBy: `${key ? "key policy" : "resource policy"}: ${decision.reason}` };
}

function compareAccess(a: { principal: string; resource: string; action: string }, b: { principal: string; resource: string; action: string }): number {
  return cmp(a.principal, b.principal) || cmp(a.resource, b.resource) || cmp(a.action, b.action);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(record).sort(cmp).map((k) => [k, record[k]]));
}
