import type { Construct } from "constructs";
import type { EnvironmentPlan } from "../../plan/types";
import { AwsEnvironment, hasAwsResources } from "../aws/aws-environment";
import { hasVaultContent, VaultEnvironment } from "../vault/vault-environment";

/** The Vault and AWS sides of one environment, rendered into one scope. */
export interface EnvironmentParts {
  readonly vault?: VaultEnvironment;
  readonly aws?: AwsEnvironment;
}

export interface RenderEnvironmentOptions {
  /** Where rotation zips are staged (see stagePackage). @default the user's own folder under the OS temp dir */
  readonly packageDirectory?: string;
}

/**
 * Renders one environment's plan (already inert: ../inert-text.ts) as the children `vault` and
 * `aws` of a scope. The one place both EnvironmentStack (scope: the stack) and
 * EtlSecretsEnvironment (scope: the construct in a user's stack) build an environment from, so
 * the two can never drift; addresses derive from the path below the stack, so a stack renders
 * into itself to keep its addresses.
 */
export function renderEnvironment(scope: Construct, inert: EnvironmentPlan, options: RenderEnvironmentOptions = {}): EnvironmentParts {
  const vault = hasVaultContent(inert) ? new VaultEnvironment(scope, "vault", { plan: inert }) : undefined;
  const aws = hasAwsResources(inert)
    ? new AwsEnvironment(scope, "aws", { plan: inert, packageDirectory: options.packageDirectory })
    : undefined;
  return { vault, aws };
}
