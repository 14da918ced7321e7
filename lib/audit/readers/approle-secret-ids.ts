import { vaultNames } from "../../plan/names";
import type { EnvironmentPlan } from "../../plan/types";
import type { AccessRecord, Declared, Observations, Unknown } from "../types";
import { caller, list, type Call, type VaultAuditTarget } from "./vault-metadata";
import { byText } from "../../shared/text-order";

/*
 * AppRole secret-id use as a weak dormancy signal, for clusters that ship no audit log: the
 * auditor lists a role's secret-id accessors and looks each up (`creation_time`,
 * `last_updated_time`, both granted to `<env>-auditor`; never the secret id itself). The newest of
 * those dates says the consumer last got or used a secret id then, so it counts as a use of every
 * credential the consumer is granted. Weak: a login does not say which credential was read,
 * single-use ids are gone once used, and an unlimited id's date does not move on use. So it adds
 * access records but no coverage: no record means unknown, never dormant.
 */

/** One AppRole role of the environment and the value locations of the credentials its consumer reads. */
export interface AppRoleUse {
  readonly role: string;
  readonly valueLocations: readonly string[];
}

/** The environment's AppRole consumers (service accounts) mapped to the value locations they read, sorted by role. */
export function appRoleUsesOf(plan: EnvironmentPlan, declared: Declared): AppRoleUse[] {
  const values = new Map(declared.credentials.map((c) => [c.id, c.valueLocations]));
  return plan.serviceAccounts
    .filter((account) => account.store === "vault" && account.auth.method === "approle")
    .map((account) => ({
      role: vaultNames.authRole(account.id),
      // A quarantined grant is denied, not unused: a login says nothing about it (never "quarantined-accessed" from here).
      valueLocations: [...new Set(account.grants.filter((g) => !g.quarantined).flatMap((g) => values.get(g.credentialId) ?? []))].sort(),
    }))
    .filter((use) => use.valueLocations.length > 0)
    .sort((a, b) => byText(a.role, b.role));
}

function date(value: unknown): number | undefined {
  if (typeof value !== "string" || value.startsWith("0001-01-01")) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** Reads the secret-id dates of each role on the AppRole mount; accessors past `maxAccessors` per role are left unread (unknown). */
export async function readAppRoleSecretIdUse(
  target: Pick<VaultAuditTarget, "address" | "namespace" | "token" | "timeoutMs"> & {
    readonly mount: string;
    readonly uses: readonly AppRoleUse[];
    readonly maxAccessors?: number;
  },
  call: Call = caller(target),
): Promise<Observations> {
  const unknown: Unknown[] = [];
  const accesses: AccessRecord[] = [];
  const max = target.maxAccessors ?? 1000;
  for (const use of target.uses) {
    const base = `auth/${target.mount}/role/${use.role}`;
    const accessors = await list(call, `${base}/secret-id`, unknown);
    if (accessors.length > max)
      unknown.push({ location: `${base}/secret-id`, why: `more than ${max} secret ids: the rest was not looked up` });
    let newest: number | undefined;
    for (const accessor of accessors.slice(0, max)) {
      const { status, body } = await call("POST", `${base}/secret-id-accessor/lookup`, { secret_id_accessor: accessor });
      if (status !== 200) {
        unknown.push({ location: `${base}/secret-id-accessor/lookup`, why: `Vault refused to look up a secret id accessor (${status})` });
        continue;
      }
      for (const time of [date(body?.data?.last_updated_time), date(body?.data?.creation_time)]) {
        if (time !== undefined && (newest === undefined || time > newest)) newest = time;
      }
    }
    if (newest === undefined) continue;
    const last = new Date(newest).toISOString();
    for (const location of use.valueLocations) accesses.push({ location, last, source: "approle-secret-id" });
  }
  return { items: [], accesses, coverage: [], unreadable: unknown };
}
