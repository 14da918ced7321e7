import { shown } from "../display";
import { asString, list, type RuleContext } from "./raw-view";

const ENGINE_BY_PROVIDER: Record<string, string> = { aws: "AWS", gcp: "GCP", azure: "Azure" };

/**
 * A long-lived cloud key where Vault could mint short-lived ones is allowed, but said out loud:
 * a warning naming the safer mode, whenever one of the connector's environments has a Vault that
 * ships the engine (OpenBao ships the cloud engines only as external plugins).
 */
export function checkSaferModes(ctx: RuleContext): void {
  for (const connector of ctx.connectors) {
    const capable = ctx
      .environmentsOf(connector)
      .filter((env) => env.stores.includes("vault") && env.vault && asString(env.vault.edition) !== "openbao");
    if (capable.length === 0) continue;
    for (const credential of connector.credentials) {
      if (credential.type !== "cloud-access-key" && credential.type !== "cloud-service-account-key") continue;
      const mode = asString(credential.value.mode);
      if (mode === undefined || mode === "dynamic") continue;
      const provider = asString(credential.value.provider) ?? "aws";
      ctx.report(
        [...credential.path, "mode"],
        "could-be-dynamic",
        `mode ${shown(mode)} keeps a long-lived ${ENGINE_BY_PROVIDER[provider] ?? shown(provider)} key; mode dynamic (Vault's ${ENGINE_BY_PROVIDER[provider] ?? shown(provider)} secrets engine, ` +
          `available in ${list(capable.map((env) => env.name ?? ""))}) issues short-lived credentials instead${connector.store === "aws" ? " (it needs store: vault)" : ""}`,
        "warning",
      );
    }
  }
}
