import { quoted, shown, shownAs } from "../display";
import { asRecord, asString, type RuleContext } from "./raw-view";
import { DATABASE_PLUGINS } from "../database-systems";

/** Credential kinds that only Vault can issue (dynamic secrets and certificate authorities). */
export function vaultOnlyReason(type: string | undefined, credential: Record<string, unknown>): string | undefined {
  switch (type) {
    case "dynamic-database":
      return "dynamic database credentials are issued by Vault's database secrets engine";
    case "certificate":
      return "certificates are issued by Vault's PKI secrets engine";
    case "ssh-key":
      return credential.mode === "signed-certificate" ? "SSH certificates are signed by Vault's SSH secrets engine" : undefined;
    case "cloud-access-key":
    case "cloud-service-account-key":
      return credential.mode === "dynamic" ? "dynamic cloud credentials are minted by Vault's cloud secrets engines" : undefined;
    default:
      return undefined;
  }
}

/** A connector's store must be offered by every environment it lives in, and fit its credentials. */
// long-function: the store rules of one connector (offered by each environment, fitting each credential type), in the order of the spec fields, sharing the connector's store and environments
export function checkStores(ctx: RuleContext): void {
  for (const connector of ctx.connectors) {
    const store = connector.store;
    if (store === undefined) continue;
    const missing = ctx.environmentsOf(connector).filter((env) => !env.stores.includes(store));
    if (missing.length > 0) {
      ctx.report(
        [...connector.path, "store"],
        "store-not-offered",
        `${quoted(store)} is not offered by environment(s) ${missing
          .map((env) => `${shown(env.name)} (stores: ${env.stores.length > 0 ? env.stores.map(shown).join(", ") : "none"})`)
          .sort()
          .join(", ")}; ` + `use a store every environment of the connector offers`,
      );
    }
    if (store === "vault") {
      // Vault's AWS auth binds a role ARN: an existing one, or the role created in the environment's account.
      // Without environments[].aws there is no role to bind; with it, the created role is named by auth.roleName.
      for (const env of ctx.environmentsOf(connector)) {
        for (const consumer of connector.consumers) {
          const auth = asRecord(consumer.value.auth);
          if (auth?.method !== "aws-iam" || asString(auth.roleArn)) continue;
          if (env.aws && asString(auth.roleName)) continue;
          ctx.report(
            [...consumer.path, "auth"],
            "aws-iam-needs-role",
            `an aws-iam consumer reading Vault in environment ${shown(env.name)} needs a role Vault can bind: give auth.roleArn, ` +
              `or auth.roleName with aws settings (accountId, region) on environment ${shown(env.name)}`,
          );
        }
      }
      for (const env of ctx.environmentsOf(connector).filter((e) => asString(e.vault?.edition) === "openbao")) {
        for (const consumer of connector.consumers.filter((c) => asRecord(c.value.auth)?.method === "aws-iam")) {
          ctx.report(
            [...consumer.path, "auth", "method"],
            "openbao-external-plugin",
            `AWS IAM auth is an external plugin on OpenBao, not built in (environment ${shown(env.name)}); use jwt or kubernetes auth`,
          );
        }
      }
    }
    for (const credential of connector.credentials) {
      const reason = vaultOnlyReason(credential.type, credential.value);
      if (reason && store !== "vault") {
        ctx.report(
          [...credential.path, "type"],
          "vault-only-credential",
          `${reason}: a ${shown(credential.type)} credential needs store: vault (this connector's store is ${shown(store)})`,
        );
      }
      const needsAccount =
        credential.type === "cloud-role" ||
        (credential.type === "cloud-access-key" && credential.value.provider === "aws" && credential.value.mode === "dynamic");
      if (needsAccount) {
        for (const env of ctx.environmentsOf(connector).filter((e) => !e.aws)) {
          ctx.report(
            [...credential.path, "type"],
            "needs-aws-account",
            `a ${shown(credential.type)} credential creates an IAM role, so environment ${shown(env.name)} needs aws settings (accountId, region)`,
          );
        }
      }
      const cloudEngine =
        store === "vault" &&
        credential.value.mode === "dynamic" &&
        (credential.type === "cloud-access-key" || credential.type === "cloud-service-account-key");
      for (const env of cloudEngine ? ctx.environmentsOf(connector).filter((e) => asString(e.vault?.edition) === "openbao") : []) {
        ctx.report(
          [...credential.path, "mode"],
          "openbao-external-plugin",
          `Vault's ${shown(credential.value.provider).toUpperCase()} secrets engine is an external plugin on OpenBao, not built in (environment ${shown(env.name)}); keep this credential in aws, or use mode rotated or static`,
        );
      }
      const dynamicAwsKey =
        credential.type === "cloud-access-key" && credential.value.provider === "aws" && credential.value.mode === "dynamic";
      for (const env of dynamicAwsKey && store === "vault"
        ? ctx.environmentsOf(connector).filter((e) => e.vault && e.aws && !asRecord(e.vault.awsIdentity))
        : []) {
        ctx.report(
          [...env.path, "vault"],
          "vault-identity-default",
          `no awsIdentity: the role of ${shown(connector.id)}/${shown(credential.name)} trusts every role of account ${shownAs("account", asString(env.aws?.accountId) ?? "?")} under the IAM path /vault/; name Vault's own role with vault.awsIdentity.roleArn`,
          "warning",
        );
      }
      const brokerRotated =
        ["api-key", "sasl", "key-pair"].includes(credential.type ?? "") && !!asString(asRecord(credential.value.rotation)?.endpoint);
      for (const env of brokerRotated && store === "vault"
        ? ctx.environmentsOf(connector).filter((e) => asString(e.vault?.edition) === "openbao")
        : []) {
        ctx.report(
          [...credential.path, "rotation", "endpoint"],
          "openbao-external-plugin",
          `broker rotation of a Vault-stored credential logs in with AWS IAM auth, an external plugin on OpenBao, not built in (environment ${shown(env.name)}); keep this credential in aws, or rotate it by reminder`,
        );
      }
      if (
        store === "vault" &&
        credential.type === "cloud-access-key" &&
        credential.value.mode === "dynamic" &&
        ["gcp", "azure"].includes(asString(credential.value.provider) ?? "")
      ) {
        ctx.report(
          [...credential.path, "mode"],
          "dynamic-key-unsupported",
          `mode dynamic is supported for provider aws only (provider ${shown(credential.value.provider)} allows: rotated, static)` +
            (credential.value.provider === "gcp" ? "; for a key Vault mints, use type cloud-service-account-key (a GCP roleset)" : ""),
        );
      }
      const system = asString(connector.value.system);
      if (
        store === "vault" &&
        (credential.type === "dynamic-database" || credential.type === "rotated-password") &&
        system !== undefined &&
        !Object.hasOwn(DATABASE_PLUGINS, system)
      ) {
        ctx.report(
          [...connector.path, "system"],
          "database-plugin-unknown",
          `Vault's database engine has no plugin for system ${shown(system)} (credential ${shown(credential.name)} is a ${credential.type} in Vault); supported: ${Object.keys(DATABASE_PLUGINS).join(", ")}; or keep the credential in aws`,
        );
      }
      if (store === "vault" && credential.type === "rotated-password" && !asString(asRecord(credential.value.database)?.username)) {
        ctx.report(
          [...credential.path, "database", "username"],
          "required",
          "is required for a rotated password in Vault: the existing user whose password Vault's static role rotates",
        );
      }
      if (
        credential.type === "cloud-access-key" &&
        credential.value.mode === "dynamic" &&
        !asString(credential.value.roleName) &&
        credential.value.provider === "aws"
      ) {
        ctx.report([...credential.path, "roleName"], "required", "is required for a dynamic AWS access key: the role Vault assumes");
      }
      if (
        credential.type === "cloud-access-key" &&
        credential.value.mode === "dynamic" &&
        credential.value.provider === "aws" &&
        !asRecord(credential.value.allow)
      ) {
        ctx.report(
          [...credential.path, "allow"],
          "required",
          "is required for a dynamic AWS access key: the exact permissions of the role",
        );
      }
    }
  }
}
