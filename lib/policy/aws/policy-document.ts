/*
 * IAM policy documents as plain data, rendered to deterministic JSON text: a fixed key order for
 * statements, sorted principal types and condition keys, lists in the order the builders give them
 * (builders sort by spec keys BEFORE resolving ARNs, because resolved ARNs may be opaque tokens).
 * No cdktf: ARNs that exist only after apply arrive through callbacks as placeholder strings.
 */
import { byText } from "../../shared/text-order";

export type PrincipalType = "AWS" | "Service" | "Federated";

export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface PolicyStatement {
  /** Letters and digits only (IAM's rule). */
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Readonly<Partial<Record<PrincipalType, string | readonly string[]>>>;
  readonly Action: readonly string[];
  readonly Resource?: readonly string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export const POLICY_VERSION = "2012-10-17";

export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  return { Version: POLICY_VERSION, Statement: statements };
}

function sortedRecord<T>(record: Readonly<Record<string, T>>, map: (value: T) => unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(record)
      .sort(byText)
      .map((key) => [key, map(record[key])]),
  );
}

/** Removes duplicates, keeping the first occurrence (order is the builder's). */
export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function normalizeStatement(statement: PolicyStatement): Record<string, unknown> {
  if (!/^[A-Za-z0-9]+$/.test(statement.Sid)) throw new Error(`statement id "${statement.Sid}" must be letters and digits only`);
  const out: Record<string, unknown> = { Sid: statement.Sid, Effect: statement.Effect };
  if (statement.Principal !== undefined) {
    out.Principal =
      statement.Principal === "*"
        ? "*"
        : sortedRecord(statement.Principal as Record<string, string | readonly string[]>, (v) => (typeof v === "string" ? v : unique(v)));
  }
  out.Action = unique(statement.Action);
  if (statement.Resource !== undefined) out.Resource = unique(statement.Resource);
  if (statement.Condition !== undefined && Object.keys(statement.Condition).length > 0) {
    out.Condition = sortedRecord(statement.Condition, (keys) => sortedRecord(keys, (v) => (typeof v === "string" ? v : unique(v))));
  }
  return out;
}

/** The policy as JSON text, the same bytes for the same document. */
export function policyText(document: PolicyDocument): string {
  return JSON.stringify({ Version: document.Version, Statement: document.Statement.map(normalizeStatement) });
}

/** `arn:<partition>:iam::<account>:root`: the account, which delegates to its IAM policies. */
export function accountRoot(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/** `secretsmanager.<region>.amazonaws.com`: the kms:ViaService value of Secrets Manager. */
export function secretsManagerEndpoint(region: string): string {
  return `secretsmanager.${region}.amazonaws.com`;
}

/**
 * The Resource "*" and Action "*" that a statement may legitimately carry, each with the reason. The
 * property test and the wildcard checks accept exactly these Sids.
 */
export const WILDCARD_ALLOWLIST: Readonly<Record<string, string>> = Object.freeze({
  // In a KMS key policy, Resource "*" means "this key": a key policy cannot name another resource.
  AccountDelegation: "KMS key policy: Resource * is the key itself",
  CloudWatchLogsUseKey: "KMS key policy: Resource * is the key itself",
  AlarmServicesUseKey: "KMS key policy: Resource * is the key itself",
  CloudTrailEncryptLogs: "KMS key policy: Resource * is the key itself",
  CloudTrailDescribeKey: "KMS key policy: Resource * is the key itself",
  CloudTrailNotificationsUseKey: "KMS key policy: Resource * is the key itself",
  // GetRandomPassword has no resource: IAM only accepts Resource "*" for it.
  GenerateRandomPassword: "secretsmanager:GetRandomPassword supports no resource-level permission",
  // Lambda in a VPC manages its network interfaces, which do not exist before the function does.
  ManageVpcNetworkInterfaces: "ec2 network-interface actions used by Lambda VPC placement need Resource *",
  // X-Ray tracing of the rotation functions (Checkov CKV_AWS_50): PutTraceSegments and
  // PutTelemetryRecords have no resource type in IAM, so Resource "*" is the only form IAM accepts
  // (AWS's own AWSXRayDaemonWriteAccess grants them the same way). They write traces, read nothing.
  WriteXrayTraces: "xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permission",
  // The auditor's role (etl-secrets audit): two listings without resource-level permission, and the
  // Deny of value reads on every resource (a Deny on "*" narrows; it grants nothing).
  AuditorListSecrets: "secretsmanager:ListSecrets supports no resource-level permission",
  AuditorListRoles: "iam:ListRoles supports no resource-level permission",
  AuditorNeverReadsValues: "a Deny of GetSecretValue and kms:Decrypt on every resource",
});
