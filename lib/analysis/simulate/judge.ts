/*
 * One decision: may this principal use this action on this credential location, and if so, is it
 * intended, a violation, a use of the environment's shared key, or stopped by another layer? Decided
 * by the Vault and IAM evaluators over the synthesized policies, then compared with the intent
 * manifest. Both simulations use it: the indexed one (simulate.ts) for every decision its index
 * cannot rule out, the exhaustive one (exhaustive.ts, the test oracle) for every decision there is.
 */
import { evaluateIam, type IamDecision, type StatementRef } from "../iam/policy-evaluator";
import { buildRequestContext, type ContextValue, type IamRequest, type RequestContext } from "../iam/request-context";
import { joinNamespace } from "../../intent/ids";
import { VALUE_BEARING_AWS_ACTIONS, VALUE_BEARING_VAULT_KINDS, type IntentGrant, type IntentPrincipal } from "../../intent/types";
import type { AwsSecret, IamPrincipal, Principal, VaultLocation, VaultPrincipal } from "../access-model/types";
import type { Capability } from "../../vault-hcl/capabilities";
import { evaluateVault, evaluateVaultInNamespace, type VaultDecision } from "../vault/policy-evaluator";

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

export interface Judged {
  readonly outcome: Outcome;
  readonly via?: string;
  readonly reason?: string;
  readonly blockedBy?: string;
}

/** Whether an allowed request would give its caller a value (or issue one). */
export function revealsValue(location: VaultLocation | AwsSecret, action: string): boolean {
  return location.store === "vault" ? VALUE_BEARING_VAULT_KINDS.includes(location.kind) : VALUE_BEARING_AWS_ACTIONS.includes(action);
}

export function judgeIntent(
  principal: Principal,
  intent: IntentPrincipal | undefined,
  location: VaultLocation | AwsSecret,
  action: string,
  via: string,
): Judged {
  // An auditor reads metadata only: reaching a value is a violation even where a grant would allow it.
  if (intent?.class === "auditor" && revealsValue(location, action)) {
    return { outcome: "violation", via, reason: "an auditor reaches a value: auditors read metadata only, never a value" };
  }
  const grant = intent?.grants.find((g) => g.resource === location.id);
  if (grant?.actions.includes(action)) return { outcome: "intended", via };
  return { outcome: "violation", via, reason: violationReason(principal, intent, grant, location, action) };
}

function violationReason(
  principal: Principal,
  intent: IntentPrincipal | undefined,
  grant: IntentGrant | undefined,
  location: VaultLocation | AwsSecret,
  action: string,
): string {
  if (principal.kind === "iam" && principal.outsider) return "a principal outside every declared account reaches it";
  if (principal.environment && location.environment && principal.environment !== location.environment) {
    return `across an environment boundary: a principal of ${principal.environment} reaches ${location.environment}`;
  }
  if (!intent) return "the principal is not declared in the intent manifest";
  if (grant?.quarantined) return "the credential is quarantined: its consumers are denied";
  if (location.connectorId && !intent.grants.some((g) => g.credentialId.split("/")[0] === location.connectorId)) {
    return `another connector's credential (${location.credentialId ?? location.connectorId})`;
  }
  if (grant && WRITE_ACTIONS.has(action) && grant.actions.length > 0)
    return `write where read was declared (declared: ${grant.actions.join(", ")})`;
  if (location.credentialId && !intent.grants.some((g) => g.credentialId === location.credentialId))
    return `a credential the inventory does not grant it (${location.credentialId})`;
  return "beyond the intent manifest";
}

/** A location's path from the root namespace, joined once per location (every action of every principal asks). */
const fullPaths = new WeakMap<VaultLocation, string>();

function fullPathOf(location: VaultLocation): string {
  let path = fullPaths.get(location);
  if (path === undefined) {
    path = joinNamespace(location.namespace, location.path);
    fullPaths.set(location, path);
  }
  return path;
}

function vaultVia(decision: VaultDecision): string {
  return `vault policy "${decision.policy ?? "?"}" path "${decision.matchedPattern ?? "?"}"`;
}

export function judgeVault(
  principal: VaultPrincipal,
  intent: IntentPrincipal | undefined,
  location: VaultLocation,
  action: Capability,
): Judged {
  const fullPath = fullPathOf(location);
  if (principal.cluster === location.cluster) {
    const decision = evaluateVaultInNamespace(
      principal.policies,
      { tokenNamespace: principal.namespace, requestNamespace: location.namespace, path: location.path },
      action,
    );
    if (decision.allowed) return judgeIntent(principal, intent, location, action, vaultVia(decision));
    const inside = principal.namespace === "" || fullPath.startsWith(`${principal.namespace}/`);
    if (!inside) {
      const planted = evaluateVault(principal.policies, fullPath, action);
      if (planted.allowed) {
        return {
          outcome: "blocked",
          via: vaultVia(planted),
          blockedBy: `namespace boundary: a token of namespace "${principal.namespace}" never reaches "${location.namespace || "root"}"`,
        };
      }
    }
    return { outcome: "denied" };
  }
  // Another cluster: a token is only valid where it was issued. Report a policy that names it anyway.
  const planted = evaluateVault(principal.policies, fullPath, action);
  if (planted.allowed)
    return {
      outcome: "blocked",
      via: vaultVia(planted),
      blockedBy: `cluster boundary: a token of ${principal.cluster} is not valid on ${location.cluster}`,
    };
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

/** What the IAM evaluator says about one request, with the identity layer alone when the whole is not an allow. */
export interface IamEvaluation {
  readonly decision: IamDecision;
  /** Absent for an allow and for the outsider (whose denials are never reported as blocked). */
  readonly identityOnly?: IamDecision;
}

/** Evaluates one IAM request of a principal on a secret (or on its key, `key`). */
export function evaluateIamAccess(principal: IamPrincipal, location: AwsSecret, action: string, key: boolean): IamEvaluation {
  const prepared = prepareRequest(principal, location, key);
  const request = { ...prepared.request, action };
  const resourcePolicy = key ? location.keyPolicy : location.resourcePolicy;
  const { requestContext } = prepared;
  const decision: IamDecision = evaluateIam({ request, identityPolicies: principal.identityPolicies, resourcePolicy, requestContext });
  if (decision.decision === "allow" || principal.outsider) return { decision };
  return { decision, identityOnly: evaluateIam({ request, identityPolicies: principal.identityPolicies, requestContext }) };
}

interface PreparedRequest {
  readonly principal: IamPrincipal;
  readonly location: AwsSecret;
  readonly key: boolean;
  readonly request: Omit<IamRequest, "action">;
  readonly requestContext: RequestContext;
}

/** The last request prepared: its actions are asked one after another, and share one context. */
let lastPrepared: PreparedRequest | undefined;

function prepareRequest(principal: IamPrincipal, location: AwsSecret, key: boolean): PreparedRequest {
  if (lastPrepared && lastPrepared.principal === principal && lastPrepared.location === location && lastPrepared.key === key)
    return lastPrepared;
  const resourceArn = key ? location.kmsKeyArn! : location.id;
  const request = {
    principal: { arn: principal.arn, accountId: principal.accountId, tags: principal.tags },
    resource: key ? { arn: resourceArn } : { arn: resourceArn, accountId: location.accountId, tags: location.tags },
    context: { ...secretsManagerContext(location), "kms:CallerAccount": principal.accountId },
  };
  lastPrepared = { principal, location, key, request, requestContext: buildRequestContext({ ...request, action: "" }) };
  return lastPrepared;
}

export function judgeIam(
  principal: IamPrincipal,
  intent: IntentPrincipal | undefined,
  location: AwsSecret,
  action: string,
  key: boolean,
): Judged {
  return judgeIamEvaluation(principal, intent, location, action, key, evaluateIamAccess(principal, location, action, key));
}

/** Whether the identity layer alone would allow it (the request then fails on another layer). */
export function identityAllows(evaluation: IamEvaluation): boolean {
  const identityOnly = evaluation.identityOnly;
  if (!identityOnly) return false;
  return (
    identityOnly.decision === "allow" ||
    (identityOnly.decision === "implicit-deny" && (identityOnly.missingAllowFrom ?? []).join() === "resource")
  );
}

/** Judges an evaluated IAM request against the intent; `evaluation` may come from another secret with the same key. */
export function judgeIamEvaluation(
  principal: IamPrincipal,
  intent: IntentPrincipal | undefined,
  location: AwsSecret,
  action: string,
  key: boolean,
  evaluation: IamEvaluation,
): Judged {
  const { decision } = evaluation;
  if (decision.decision === "allow") {
    const via = describeRefs(decision.decidingStatements);
    const judged = judgeIntent(principal, intent, location, action, via);
    if (key && judged.outcome === "violation" && sharesKey(principal, location)) return { outcome: "shared-key", via };
    return judged;
  }
  if (principal.outsider || !identityAllows(evaluation)) return { outcome: "denied" };
  const grant = intent?.grants.find((g) => g.resource === location.id);
  if (grant?.actions.includes(action)) return { outcome: "denied" };
  const via = describeRefs(evaluation.identityOnly!.decidingStatements) || "identity policy";
  if (decision.decision === "explicit-deny") {
    const resourceDenies = decision.decidingStatements.filter((ref) => ref.layer === "resource");
    const layer = resourceDenies.length > 0 ? (key ? "key policy" : "resource policy") : "identity policy deny";
    return {
      outcome: "blocked",
      via,
      blockedBy: `${layer}: ${describeRefs(resourceDenies.length > 0 ? resourceDenies : decision.decidingStatements)}`,
    };
  }
  if (!decision.sameAccount) {
    return {
      outcome: "blocked",
      via,
      blockedBy: `account boundary: ${principal.accountId} -> ${location.accountId}, and no ${key ? "key" : "resource"} policy allows it`,
    };
  }
  return { outcome: "blocked", via, blockedBy: `${key ? "key policy" : "resource policy"}: ${decision.reason}` };
}

/**
 * One key serves the whole environment; Secrets Manager decrypts only for a caller it allowed. So
 * the key's use by a principal of the same environment and account is not a violation by itself.
 */
export function sharesKey(principal: IamPrincipal, location: AwsSecret): boolean {
  if (principal.outsider) return false;
  const crosses = principal.environment && location.environment && principal.environment !== location.environment;
  return !crosses && principal.accountId === location.accountId;
}
