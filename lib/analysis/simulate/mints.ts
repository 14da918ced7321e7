/*
 * Secret-id delivery (issue 15): what each trusted orchestrator's synthesized policies let it do on
 * the AppRole roles of the synth output, compared with its declared mints. Per orchestrator and
 * per AppRole role on its cluster, the Vault evaluator (wrapping bounds and parameter constraints
 * included, as Vault applies them) decides:
 * - a wrapped mint within the declared bounds: intended for a listed consumer (unmet when denied),
 *   a violation for any other role;
 * - for a listed consumer, an unwrapped mint, a mint wrapped longer than the declared maximum, and
 *   a mint carrying a parameter that widens the secret id (`ttl`, `num_uses`, `cidr_list`,
 *   `token_bound_cidrs`: every AppRole secret-id parameter it does not declare): each a violation;
 * - reading the role id: intended for a listed consumer, a violation for any other role.
 * What it reads of the credentials is judged with every other decision (it is granted none).
 */
import { joinNamespace } from "../../intent/ids";
import type { IntentMint, IntentPrincipal } from "../../intent/types";
import type { AccessModel, VaultPrincipal } from "../access-model/types";
import { evaluateVaultInNamespace, type VaultDecision, type VaultRequestShape } from "../vault/policy-evaluator";
import type { UnmetIntent, Violation } from "./types";

/** The request parameters of AppRole's secret-id endpoint (Vault and OpenBao). */
export const SECRET_ID_PARAMETERS: Readonly<Record<string, unknown>> = Object.freeze({
  metadata: '{"run":"simulate"}',
  cidr_list: "0.0.0.0/0",
  token_bound_cidrs: "0.0.0.0/0",
  num_uses: 0,
  ttl: "87600h",
});

export interface MintJudgement {
  readonly evaluated: number;
  readonly intended: number;
  readonly violations: readonly Violation[];
  readonly unmet: readonly UnmetIntent[];
}

interface AppRole {
  readonly principal: VaultPrincipal;
  readonly mount: string;
  readonly role: string;
}

/** The AppRole roles of the synth output, from their principal ids (`.../auth/<mount>/role/<role>`). */
function appRoles(model: AccessModel): AppRole[] {
  const out: AppRole[] = [];
  for (const principal of model.principals) {
    if (principal.kind !== "vault" || principal.type !== "vault_approle_auth_backend_role") continue;
    const prefix = principal.namespace === "" ? `vault:${principal.cluster}/` : `vault:${principal.cluster}/${principal.namespace}/`;
    const match = /^auth\/(.+)\/role\/([^/]+)$/.exec(principal.id.slice(prefix.length));
    if (match) out.push({ principal, mount: match[1], role: match[2] });
  }
  return out;
}

// long-function: one pass over the intent (orchestrators missing from the synth output) and one over the synthesized orchestrators (mints beyond the declared ones, declared mints the policies do not allow), sharing the role and intent indexes
export function judgeMints(model: AccessModel): MintJudgement {
  const intentById = new Map<string, IntentPrincipal>();
  for (const env of model.intent.environments) for (const principal of env.principals) intentById.set(principal.id, principal);
  const roles = appRoles(model);
  const violations: Violation[] = [];
  const unmet: UnmetIntent[] = [];
  let evaluated = 0;
  let intended = 0;
  const present = new Set(model.principals.map((p) => p.id));

  for (const env of model.intent.environments) {
    for (const intent of env.principals) {
      if (intent.class !== "orchestrator") continue;
      const mints = intent.mints ?? [];
      if (!present.has(intent.id)) {
        for (const mint of mints)
          unmet.push({
            principal: intent.id,
            environment: env.name,
            resource: mint.secretId,
            action: "update (wrapped)",
            reason: "the orchestrator is not in the synth output",
          });
      }
    }
  }

  for (const orchestrator of model.principals) {
    if (orchestrator.kind !== "vault") continue;
    const intent = intentById.get(orchestrator.id);
    if (intent?.class !== "orchestrator") continue;
    const mints = intent.mints ?? [];
    const byPrincipal = new Map<string, IntentMint>(mints.map((m) => [m.principal, m]));
    const environment = orchestrator.environment ?? "(none)";
    const seen = new Set<string>();
    const ask = (
      role: AppRole,
      endpoint: "secret-id" | "role-id",
      capability: "update" | "read",
      shape?: VaultRequestShape,
    ): VaultDecision => {
      evaluated++;
      const path = `auth/${role.mount}/role/${role.role}/${endpoint}`;
      return evaluateVaultInNamespace(
        orchestrator.policies,
        { tokenNamespace: orchestrator.namespace, requestNamespace: role.principal.namespace, path },
        capability,
        shape,
      );
    };
    const resourceOf = (role: AppRole, endpoint: string) => {
      const full = joinNamespace(role.principal.namespace, `auth/${role.mount}/role/${role.role}/${endpoint}`);
      return `vault:${role.principal.cluster}/${full}`;
    };
    const violation = (role: AppRole, endpoint: string, action: string, decision: VaultDecision, reason: string) =>
      violations.push({
        kind: "mint",
        principal: orchestrator.id,
        environment,
        resource: resourceOf(role, endpoint),
        action,
        via: `vault policy "${decision.policy ?? "?"}" path "${decision.matchedPattern ?? "?"}"`,
        reason,
        ...(role.principal.environment ? { resourceEnvironment: role.principal.environment } : {}),
      });

    for (const role of roles) {
      if (role.principal.cluster !== orchestrator.cluster || role.principal.id === orchestrator.id) continue;
      seen.add(role.principal.id);
      const mint = byPrincipal.get(role.principal.id);
      if (!mint) {
        // Any request at all (the evaluator's most permissive one) that mints or reads is a breach.
        const minted = ask(role, "secret-id", "update");
        if (minted.allowed)
          violation(
            role,
            "secret-id",
            "update",
            minted,
            `mints a secret id for ${role.role}, a consumer it does not list (it lists: ${mints.map((m) => m.consumer).join(", ") || "none"})`,
          );
        const read = ask(role, "role-id", "read");
        if (read.allowed) violation(role, "role-id", "read", read, `reads the role id of ${role.role}, a consumer it does not list`);
        continue;
      }
      const wrapped = ask(role, "secret-id", "update", { wrapTtlSeconds: mint.wrapping.minSeconds });
      if (wrapped.allowed) intended++;
      else
        unmet.push({
          principal: orchestrator.id,
          environment,
          resource: mint.secretId,
          action: "update (wrapped)",
          reason: `declared, but the synthesized policies do not allow it: ${wrapped.reason}`,
        });
      const unwrapped = ask(role, "secret-id", "update", {});
      if (unwrapped.allowed)
        violation(
          role,
          "secret-id",
          "update (unwrapped)",
          unwrapped,
          "mints an unwrapped secret id: response wrapping must be enforced (min_wrapping_ttl)",
        );
      const over = ask(role, "secret-id", "update", { wrapTtlSeconds: mint.wrapping.maxSeconds + 1 });
      if (over.allowed)
        violation(
          role,
          "secret-id",
          `update (wrapped ${mint.wrapping.maxSeconds + 1}s)`,
          over,
          `mints with a wrapping TTL above the declared bound of ${mint.wrapping.maxSeconds}s (max_wrapping_ttl)`,
        );
      for (const [name, value] of Object.entries(SECRET_ID_PARAMETERS)) {
        if (mint.parameters.includes(name)) continue;
        const widened = ask(role, "secret-id", "update", { wrapTtlSeconds: mint.wrapping.minSeconds, data: { [name]: value } });
        if (widened.allowed)
          violation(
            role,
            "secret-id",
            `update (${name})`,
            widened,
            `may set ${name} on the secret id it mints, which the delivery does not declare: it could widen the secret id`,
          );
      }
      const read = ask(role, "role-id", "read");
      if (read.allowed) intended++;
      else
        unmet.push({
          principal: orchestrator.id,
          environment,
          resource: mint.roleId,
          action: "read",
          reason: `declared, but the synthesized policies do not allow it: ${read.reason}`,
        });
    }
    for (const mint of mints) {
      if (!seen.has(mint.principal))
        unmet.push({
          principal: orchestrator.id,
          environment,
          resource: mint.secretId,
          action: "update (wrapped)",
          reason: "the consumer's AppRole role is not in the synth output",
        });
    }
  }
  return { evaluated, intended, violations, unmet };
}
