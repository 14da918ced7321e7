/*
 * The Amazon CloudWatch agent's configuration that ships a Vault cluster's file audit log to the
 * sink's log group, written beside the cluster stack (`amazon-cloudwatch-agent.json`). Pure data from
 * the plan: names and the agent role's ARN are derivable, so no cross-stack reference is needed.
 *
 * Only what the agent needs: the region, the role it assumes, the file and the group. No
 * `retention_in_days` (Terraform owns the log group) and no `endpoint_override`.
 */
import type { VaultAuditPlan } from "./vault-audit-plan";

export interface CloudWatchAgentConfig {
  readonly agent: { readonly region: string };
  readonly logs: {
    readonly credentials: { readonly role_arn: string };
    readonly logs_collected: {
      readonly files: {
        readonly collect_list: readonly {
          readonly file_path: string;
          readonly log_group_name: string;
          readonly log_stream_name: string;
          readonly timezone: "UTC";
        }[];
      };
    };
  };
}

/** ARN of the role the agent on each Vault server assumes to write the audit log. */
export function vaultAuditAgentRoleArn(plan: VaultAuditPlan, partition = "aws"): string {
  return `arn:${partition}:iam::${plan.accountId}:role${plan.names.iamPath}${plan.names.agentRole}`;
}

export function cloudWatchAgentConfig(plan: VaultAuditPlan, partition = "aws"): CloudWatchAgentConfig {
  return {
    agent: { region: plan.region },
    logs: {
      credentials: { role_arn: vaultAuditAgentRoleArn(plan, partition) },
      logs_collected: {
        files: {
          // One stream per server: the agent fills in the host name.
          collect_list: [
            { file_path: plan.auditFilePath, log_group_name: plan.names.logGroup, log_stream_name: "{hostname}", timezone: "UTC" },
          ],
        },
      },
    },
  };
}

/** Deterministic text: keys sorted at every level, two-space indent, trailing newline. */
export function renderAgentConfig(config: CloudWatchAgentConfig): string {
  const sortKeys = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sortKeys)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
          )
        : value;
  return `${JSON.stringify(sortKeys(config), null, 2)}\n`;
}
