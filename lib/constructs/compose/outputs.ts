import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { outputName, type OutputKind } from "../../plan/output-names";
import type { EnvironmentPlan } from "../../plan/types";
import { environmentWiring } from "../../wire/environment-wiring";
import type { EtlSecretsReferences } from "./references";

/** One output to declare: its name's kind and ids, what it holds, and a description. */
export interface OutputEntry {
  readonly kind: OutputKind;
  readonly ids: readonly string[];
  readonly value: string;
  readonly description: string;
}

/**
 * Terraform outputs of what consumers wire to, under a scope (`outputs`): names from
 * lib/plan/output-names.ts (stable, injective; never a value, nothing sensitive), declared in name
 * order. Returns the outputs by name.
 */
export class EtlSecretsOutputs extends Construct {
  readonly outputs: ReadonlyMap<string, TerraformOutput>;

  constructor(scope: Construct, id: string, entries: readonly OutputEntry[], prefix?: string) {
    super(scope, id);
    const named = entries
      .map((entry) => ({ ...entry, name: outputName(entry.kind, entry.ids, prefix) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const outputs = new Map<string, TerraformOutput>();
    for (const entry of named) {
      if (outputs.has(entry.name)) throw new Error(`${this.node.path}: two outputs named ${entry.name}`);
      const output = new TerraformOutput(this, entry.name, { value: entry.value, description: entry.description, sensitive: false });
      output.overrideLogicalId(entry.name);
      outputs.set(entry.name, output);
    }
    this.outputs = outputs;
  }
}

/** What consumers of one environment wire to: KV paths, secrets, auth mounts and roles, IAM roles. */
export function environmentOutputEntries(references: EtlSecretsReferences): OutputEntry[] {
  const entries: OutputEntry[] = [];
  const credential = (id: string) => id.split("/") as [string, string];
  for (const id of references.kvSecretIds) {
    const [connector, name] = credential(id);
    entries.push({
      kind: "kv_path",
      ids: [connector, name],
      value: references.kvSecret(connector, name).dataPath,
      description: `Vault KV v2 data path of credential ${id}`,
    });
  }
  for (const id of references.secretIds) {
    const [connector, name] = credential(id);
    const secret = references.secret(connector, name);
    entries.push({
      kind: "secret_arn",
      ids: [connector, name],
      value: secret.secretArn,
      description: `ARN of the Secrets Manager secret of credential ${id}`,
    });
    entries.push({
      kind: "secret_name",
      ids: [connector, name],
      value: secret.secretName,
      description: `Name of the Secrets Manager secret of credential ${id}`,
    });
  }
  for (const consumer of references.vaultRoleIds) {
    const role = references.vaultRole(consumer);
    entries.push({
      kind: "vault_auth_mount",
      ids: [consumer],
      value: role.authMount,
      description: `Vault auth mount (${role.method}) consumer ${consumer} logs in at`,
    });
    entries.push({
      kind: "vault_auth_role",
      ids: [consumer],
      value: role.roleName,
      description: `Vault auth role of consumer ${consumer}`,
    });
  }
  for (const consumer of references.consumerRoleIds) {
    const role = references.consumerRole(consumer);
    entries.push({
      kind: "consumer_role_arn",
      ids: [consumer],
      value: role.roleArn,
      description: `ARN of the IAM role of consumer ${consumer}`,
    });
    entries.push({
      kind: "consumer_role_name",
      ids: [consumer],
      value: role.roleName,
      description: `Name of the IAM role of consumer ${consumer}`,
    });
  }
  const alarms = references.alarmTopic;
  if (alarms) {
    entries.push({
      kind: "secrets_alarm_topic_arn",
      ids: [alarms.environment],
      value: alarms.topicArn,
      description: `ARN of the alarm topic of environment ${alarms.environment} (detection, anomaly and function alarms); subscribe on-call outside Terraform`,
    });
  }
  const paging = references.pagingTopic;
  if (paging) {
    entries.push({
      kind: "secrets_paging_topic_arn",
      ids: [paging.environment],
      value: paging.topicArn,
      description: `ARN of the paging topic of environment ${paging.environment} (critical rotation reminders); subscribe on-call outside Terraform`,
    });
  }
  return entries;
}

/**
 * What each consumer's job wires to, as JSON (`etl-secrets-wiring/1`, lib/wire): the same facts
 * `etl-secrets wire` prints. From the inert plan (names and paths; never a value).
 */
export function wiringOutputEntries(plan: EnvironmentPlan): OutputEntry[] {
  const wiring = environmentWiring(plan);
  return Object.entries(wiring.consumers).map(([consumer, summary]) => ({
    kind: "consumer_wiring" as const,
    ids: [consumer],
    value: JSON.stringify({ format: wiring.format, environment: wiring.environment, consumer, ...summary }),
    description: `What consumer ${consumer}'s job wires to in ${wiring.environment}: auth mount and role, KV paths, secret names (JSON; no values; see etl-secrets wire)`,
  }));
}
