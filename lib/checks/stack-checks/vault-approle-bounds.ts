import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { resourcesOfType } from "./vault-stack-facts";

/** The longest secret-id TTL and token lifetime the class table ever gives (low sensitivity). */
const MAX_SECONDS = 24 * 3600;

function seconds(value: unknown): number | undefined {
  return typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : undefined;
}

function nonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/**
 * AppRole secret ids are bearer credentials: they expire (0 < secret_id_ttl <= 24h), are used a
 * bounded number of times (secret_id_num_uses >= 1; 0 means unlimited), and the tokens they buy
 * live at most 24h. In production both secret ids and tokens are bound to the job's networks.
 */
export const vaultApproleBounds: CheckRule = {
  id: "ETL-VAULT-001",
  severity: "error",
  description: "AppRole secret ids and tokens are bounded in time, uses and (in production) networks",
  fix: "keep the class defaults: secret_id_ttl and token_max_ttl between 1s and 24h, secret_id_num_uses >= 1, and auth.cidrs on every production AppRole consumer",
  check(stack: SynthStack): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const resource of resourcesOfType(stack, "vault_approle_auth_backend_role")) {
      const c = resource.config;
      const say = (message: string) => findings.push({ resource, message: `AppRole role ${String(c.role_name)}: ${message}` });
      const ttl = seconds(c.secret_id_ttl);
      if (ttl === undefined || ttl <= 0 || ttl > MAX_SECONDS) say(`secret_id_ttl is ${String(c.secret_id_ttl ?? "unset (never expires)")}`);
      const uses = seconds(c.secret_id_num_uses);
      if (uses === undefined || uses < 1)
        say(`secret_id_num_uses is ${String(c.secret_id_num_uses ?? "unset")} (0 or unset: unlimited uses)`);
      const maxTtl = seconds(c.token_max_ttl);
      if (maxTtl === undefined || maxTtl <= 0 || maxTtl > MAX_SECONDS)
        say(`token_max_ttl is ${String(c.token_max_ttl ?? "unset (the system maximum)")}`);
      if (c.bind_secret_id === false) say("bind_secret_id is false: anyone with the role id logs in");
      if (stack.environment?.production) {
        if (!nonEmptyList(c.secret_id_bound_cidrs)) say("production secret ids are not bound to CIDRs");
        if (!nonEmptyList(c.token_bound_cidrs)) say("production tokens are not bound to CIDRs");
      }
    }
    return findings;
  },
};
