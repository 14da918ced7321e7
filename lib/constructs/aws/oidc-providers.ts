import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Construct } from "constructs";
import type { AwsOidcProviderPlan } from "../../plan/aws-types";
import { constructIds } from "../../plan/construct-ids";

export interface OidcProvidersProps {
  /** Sorted by host. */
  readonly providers: readonly AwsOidcProviderPlan[];
}

/**
 * The account's OIDC providers for jwt consumers of AWS-stored credentials (IAM allows one per
 * issuer and account, so they live in the account stack). No thumbprint: IAM verifies the issuer's
 * certificate against its trusted roots for the well-known issuers, and the provider no longer
 * requires one.
 */
export class OidcProviders extends Construct {
  /** By host (the plan's `host`: host and path of the issuer). */
  readonly providers: ReadonlyMap<string, IamOpenidConnectProvider>;

  constructor(scope: Construct, id: string, props: OidcProvidersProps) {
    super(scope, id);
    const providers = new Map<string, IamOpenidConnectProvider>();
    for (const provider of props.providers) {
      providers.set(
        provider.host,
        new IamOpenidConnectProvider(this, constructIds.oidcProvider(provider.host), {
          url: provider.issuer,
          clientIdList: [...provider.audiences],
        }),
      );
    }
    this.providers = providers;
  }
}
