/*
 * What every reader of the access model shares: the indexed stacks and their reference resolver,
 * the intent (to name environments and principal classes), the issue list every reader appends
 * to, and the resolved resources grouped by type. Readers run in a fixed order (../build-model.ts)
 * because later ones look up what earlier ones read (policies before roles, keys before secrets).
 */
import { parseIamPolicy, type IamPolicy } from "../../iam/policy-document";
import { joinNamespace, vaultCluster } from "../../../intent/ids";
import type { IntentEnvironment, IntentManifest, IntentPrincipal } from "../../../intent/types";
import { providerKey, type ReferenceResolver, type StackIndex, type StackResource } from "../references";
import type { ModelIssue } from "../types";
import { str } from "./values";

/** A resource of a kind the model reads, with its configuration resolved once. */
export interface Resolved {
  readonly stack: StackIndex;
  readonly resource: StackResource;
  readonly config: Record<string, unknown>;
}

export interface ReadContext {
  readonly intent: IntentManifest;
  readonly stacks: readonly StackIndex[];
  readonly resolver: ReferenceResolver;
  readonly issues: ModelIssue[];
  readonly envByStack: ReadonlyMap<string, IntentEnvironment>;
  readonly intentPrincipals: ReadonlyMap<string, { env: IntentEnvironment; principal: IntentPrincipal }>;
  /** The modelled resources of one type, in stack and resource order. */
  ofType(type: string): readonly Resolved[];
}

/** Appends an issue about one resource. */
export function reportAt(context: ReadContext, r: Resolved, severity: ModelIssue["severity"], message: string): void {
  context.issues.push({ severity, stack: r.stack.name, address: r.resource.address, message });
}

/** The Vault cluster and namespace a resource is written to, by its provider. */
export function vaultAt(r: Resolved): { cluster: string; namespace: string } {
  const provider = r.stack.vault.get(providerKey(r.resource, "vault")) ?? r.stack.vault.get("vault");
  return {
    cluster: vaultCluster(provider?.address ?? "unknown-vault"),
    namespace: joinNamespace(provider?.namespace, str(r.config.namespace)),
  };
}

/** The environment whose Vault namespace (or mount prefix, at root) holds a path. */
export function vaultEnvironment(
  context: ReadContext,
  cluster: string,
  namespace: string,
  path: string,
  stack: string,
): string | undefined {
  const full = joinNamespace(namespace, path);
  const candidates = context.intent.environments.filter((env) => env.vault?.cluster === cluster);
  for (const env of candidates) {
    const boundary = env.vault!.isolation === "namespace" ? env.vault!.namespace : (env.vault!.mountPrefix ?? "");
    if (boundary && (full === boundary || full.startsWith(`${boundary}/`))) return env.name;
  }
  return context.envByStack.get(stack)?.name;
}

/** An IAM policy document (text or object); an unreadable one is an issue and reads as nothing. */
export function iamPolicyOf(context: ReadContext, r: Resolved, name: string, document: unknown): IamPolicy | undefined {
  try {
    return parseIamPolicy(name, typeof document === "string" ? document : JSON.stringify(document));
  } catch (error) {
    reportAt(context, r, "error", `IAM policy cannot be read: ${(error as Error).message}`);
    return undefined;
  }
}
