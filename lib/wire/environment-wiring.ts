import type { EnvironmentPlan } from "../plan/types";
import { connectionId, consumerWiring } from "./consumer-wiring";

/*
 * The facts `wire` prints, for every consumer of an environment at once: the environment stack
 * declares one non-sensitive output per consumer (`consumer_wiring__<consumer>`, JSON) so pipelines
 * read them from Terraform instead of re-deriving names. One output per consumer, not one per
 * environment: adding a connector leaves every other consumer's output unchanged. Names, paths and
 * ARN patterns only.
 */

export interface EnvironmentWiring {
  readonly format: "etl-secrets-wiring/1";
  readonly environment: string;
  readonly consumers: Readonly<Record<string, ConsumerWiringSummary>>;
}

export interface ConsumerWiringSummary {
  readonly auth: string;
  readonly store: "vault" | "aws";
  readonly vault?: {
    readonly address: string;
    readonly namespace?: string;
    readonly authMount: string;
    readonly role: string;
    readonly kvMount: string;
  };
  readonly aws?: { readonly region: string; readonly roleName?: string; readonly roleArn?: string; readonly connectionsPrefix: string };
  readonly credentials: readonly {
    readonly id: string;
    /** Airflow connection id (KV records and Secrets Manager secrets). */
    readonly connId?: string;
    readonly source: string;
    readonly path?: string;
    /** The Secrets Manager name (keys avoid "secret": scanners read `"secret...": "..."` as an assignment). */
    readonly awsName?: string;
    /** Name of the stack output holding the secret's full ARN. */
    readonly arnOutput?: string;
  }[];
}

export function environmentWiring(plan: EnvironmentPlan): EnvironmentWiring {
  const consumers: Record<string, ConsumerWiringSummary> = {};
  for (const account of plan.serviceAccounts) {
    const w = consumerWiring(plan, account.id);
    if (w.credentials.length === 0) continue;
    consumers[account.id] = {
      auth: w.auth,
      store: w.store,
      ...(w.store === "vault" &&
        w.vault && {
          vault: {
            address: w.vault.address,
            ...(w.vault.namespace && { namespace: w.vault.namespace }),
            authMount: w.vault.login.mount,
            role: w.vault.login.role,
            kvMount: w.vault.kvMount,
          },
        }),
      ...(w.store === "aws" &&
        w.aws && {
          aws: {
            region: w.aws.region,
            ...(w.aws.role && { roleName: w.aws.role.name, roleArn: w.aws.role.arn }),
            connectionsPrefix: w.aws.secretPrefix,
          },
        }),
      credentials: w.credentials.map((c) => ({
        id: c.id,
        ...((c.vault?.source === "kv" || c.aws?.secretName) && { connId: connectionId(c) }),
        source: c.vault?.source ?? (c.aws?.secretName ? "secrets-manager" : c.aws?.assumeRoleName ? "assume-role" : "none"),
        ...(c.vault?.path && { path: c.vault.path }),
        ...(c.aws?.secretName && { awsName: c.aws.secretName, arnOutput: c.aws.arnOutput }),
      })),
    };
  }
  return { format: "etl-secrets-wiring/1", environment: plan.name, consumers };
}
