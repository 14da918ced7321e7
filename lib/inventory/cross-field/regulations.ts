import { REGULATIONS, type Regulation } from "../class-defaults";
import { shown } from "../display";
import { REGULATION_CONTROLS, basisText } from "../regulation-controls";
import { environmentsByCluster } from "./uniqueness";
import { asArray, asRecord, type RawEnvironment, type RuleContext } from "./raw-view";

/**
 * What the regulations of a connector ask of the environments it lives in, from
 * REGULATION_CONTROLS. Only controls the inventory itself can show are judged here (approvals,
 * audit shipping, people's MFA outside production); retention is applied by synthesis, and
 * dormancy, reviews and drills are judged against live dates by `audit` and `register`. Every
 * finding is a warning: the shipped inventories stay valid.
 */
export function checkRegulations(ctx: RuleContext): void {
  const shipped = new Set<RawEnvironment>();
  for (const envs of environmentsByCluster(ctx.environments).values()) {
    if (envs.some((env) => asRecord(env.vault?.audit) !== undefined)) for (const env of envs) shipped.add(env);
  }
  for (const connector of ctx.connectors) {
    if (connector.store !== "vault") continue;
    const environments = ctx.environmentsOf(connector);
    asArray(connector.value.regulations).forEach((value, index) => {
      if (typeof value !== "string" || !(REGULATIONS as readonly string[]).includes(value)) return;
      const regulation = value as Regulation;
      const path = [...connector.path, "regulations", index];
      for (const control of REGULATION_CONTROLS[regulation].controls) {
        const because = `(${regulation}: ${basisText(control.basis)})`;
        for (const env of environments) {
          const where = `environment ${shown(env.name)}`;
          if (control.kind === "approvals" && env.production && env.value.approvals === undefined) {
            ctx.report(
              path,
              "regulation-approvals-missing",
              `${where} is production and declares no approvals: one person alone can read this connector's values there ${because}; declare approvals { group, required } (Vault Enterprise control groups)`,
              "warning",
            );
          }
          if (control.kind === "audit-shipping" && env.production && env.vault !== undefined && !shipped.has(env)) {
            ctx.report(
              path,
              "regulation-audit-not-shipped",
              `${where} is production and its Vault cluster's audit log is not shipped ${because}; declare vault.audit { accountId, region } on an environment of the cluster`,
              "warning",
            );
          }
          if (control.kind === "human-mfa" && control.tiers === "all" && !env.production) {
            ctx.report(
              path,
              "regulation-mfa-outside-library",
              `${where} is not production: the library provisions people's access and its login MFA only in production, and this regulation asks MFA of everyone who reaches the data ${because}; enforce MFA in the identity provider people use there`,
              "warning",
            );
          }
        }
      }
    });
  }
}
