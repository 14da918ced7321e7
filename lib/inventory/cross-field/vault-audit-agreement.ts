import { formatPath, type SpecPath } from "../issues";
import { shown, shownAs } from "../display";
import { environmentsByCluster } from "./uniqueness";
import { asRecord, asString, type RuleContext } from "./raw-view";

/**
 * `vault.audit` belongs to the Vault cluster: environments on one cluster give the same account
 * and region, or leave it out. A production environment whose cluster ships its audit log nowhere
 * gets a warning (its audit log stays on the servers' disks and syslog).
 */
export function checkVaultAuditAgreement(ctx: RuleContext): void {
  for (const envs of environmentsByCluster(ctx.environments).values()) {
    let first: { name: string | undefined; path: SpecPath; accountId?: string; region?: string } | undefined;
    for (const env of envs) {
      const audit = asRecord(env.vault?.audit);
      if (!audit) continue;
      const accountId = asString(audit.accountId);
      const region = asString(audit.region);
      const path = [...env.path, "vault", "audit"];
      if (!first) {
        first = { name: env.name, path, accountId, region };
        continue;
      }
      if (first.accountId !== accountId || first.region !== region) {
        ctx.report(
          path,
          "vault-audit-conflict",
          `ships the cluster's audit log to account ${shownAs("account", accountId)} in ${shown(region)}, but environment ${shown(first.name)} on the same cluster ` +
            `(${formatPath(first.path)}) ships it to account ${shownAs("account", first.accountId)} in ${shown(first.region)}; a cluster has one audit log: give the same accountId and region, or leave it out`,
        );
      }
    }
    if (first) continue;
    for (const env of envs) {
      if (!env.production || !env.stores.includes("vault")) continue;
      ctx.report(
        [...env.path, "vault"],
        "vault-audit-not-shipped",
        "production environment whose Vault audit log stays on the servers (file and syslog devices only): declare vault.audit { accountId, region } " +
          "on one environment of the cluster to ship it to an immutable store",
        "warning",
      );
    }
  }
}
