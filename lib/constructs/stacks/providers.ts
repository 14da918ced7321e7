import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { VaultProvider } from "@cdktf/provider-vault/lib/provider";
import type { Construct } from "constructs";

export interface VaultProviderSettings {
  readonly address: string;
  readonly edition: "community" | "enterprise" | "openbao";
  /** Namespace the provider works in; undefined for the root namespace. */
  readonly namespace?: string;
}

/**
 * The Vault provider for one stack. The token comes from the environment at plan time
 * (VAULT_TOKEN or a token helper), never from the spec or the synthesized JSON.
 */
export function vaultProvider(scope: Construct, settings: VaultProviderSettings): VaultProvider {
  return new VaultProvider(scope, "vault-provider", {
    address: settings.address,
    namespace: settings.namespace,
    // The provider switches on version-gated fields from the server's version; OpenBao reports
    // 2.x, which the provider would read as a Vault version it is not.
    ...(settings.edition === "openbao" ? { skipGetVaultVersion: true, vaultVersionOverride: "1.15.0" } : {}),
  });
}

export interface AwsProviderSettings {
  readonly accountId: string;
  readonly region: string;
  readonly defaultTags: Readonly<Record<string, string>>;
}

/** The AWS provider, pinned to the spec's account so a wrong profile can never apply elsewhere. */
export function awsProvider(scope: Construct, settings: AwsProviderSettings): AwsProvider {
  return new AwsProvider(scope, "aws-provider", {
    region: settings.region,
    allowedAccountIds: [settings.accountId],
    defaultTags: [{ tags: { ...settings.defaultTags } }],
  });
}
