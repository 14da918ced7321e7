import { readFileSync } from "node:fs";
import { join } from "node:path";
import { identityCatalogue, type IdentityEntry } from "../../lib/plan/identity-catalogue";
import { planInventory } from "../../lib/plan/inventory-plan";
import { loadInventory } from "../../lib/inventory/load";
import type { Inventory } from "../../lib/inventory/model";
import { stackJson } from "../support/synth";
import { synthFilesOfFile } from "../support/fixture-synth";

/*
 * The catalogue is proven complete independently of the code that builds it: the shipped examples
 * are synthesized, and every name-bearing attribute of the JSON must be a catalogue entry of the
 * same kind. An attribute that looks like a name (its key says name, path, role, bucket...) must be
 * classified below, as a name or as not a name with the reason, so a new resource cannot slip by.
 */

type Check = { readonly what: RegExp; readonly name?: (value: string, body: Record<string, unknown>) => string };

const auth = (value: string) => `auth/${value}`;

/** Resource attributes that carry a service-side name, and the catalogue kind they must be. */
const NAMES: Readonly<Record<string, Check>> = {
  "aws_cloudtrail.name": { what: /^CloudTrail trail$/ },
  "aws_cloudwatch_dashboard.dashboard_name": { what: /^CloudWatch dashboard$/ },
  "aws_cloudwatch_event_rule.name": { what: /^EventBridge rule$/ },
  "aws_cloudwatch_log_group.name": { what: /^CloudWatch log group$/ },
  "aws_cloudwatch_log_metric_filter.name": { what: /^CloudWatch metric filter$/ },
  "aws_cloudwatch_log_metric_filter.log_group_name": { what: /^CloudWatch log group$/ },
  "aws_cloudwatch_log_subscription_filter.name": { what: /^CloudWatch Logs subscription filter$/ },
  "aws_kinesis_firehose_delivery_stream.name": { what: /^Kinesis Firehose delivery stream$/ },
  "aws_cloudwatch_metric_alarm.alarm_name": { what: /^CloudWatch alarm$/ },
  "aws_iam_role.name": { what: /^IAM role$/ },
  "aws_iam_role_policy.name": { what: /^IAM role policy$/ },
  "aws_kms_alias.name": { what: /^KMS alias$/ },
  "aws_lambda_function.function_name": { what: /^Lambda function$/ },
  "aws_s3_bucket.bucket": { what: /^S3 bucket$/ },
  "aws_secretsmanager_secret.name": { what: /^Secrets Manager secret$/ },
  "aws_sns_topic.name": { what: /^SNS topic$/ },
  "aws_sqs_queue.name": { what: /^SQS queue$/ },
  "vault_approle_auth_backend_role.role_name": { what: /^Vault AppRole role$/ },
  "vault_approle_auth_backend_role.backend": { what: /auth mount/, name: auth },
  "vault_audit.path": { what: /^Vault audit device$/ },
  "vault_auth_backend.path": { what: /auth mount/, name: auth },
  "vault_aws_auth_backend_role.role": { what: /^Vault AWS auth role/ },
  "vault_aws_auth_backend_role.backend": { what: /^Vault AWS auth mount$/, name: auth },
  "vault_aws_secret_backend.path": { what: /^Vault AWS secrets mount$/ },
  "vault_aws_secret_backend_role.name": { what: /^Vault AWS secrets role$/ },
  "vault_database_secret_backend_connection.name": { what: /^Vault database connection$/ },
  "vault_database_secret_backend_connection.backend": { what: /^Vault database mount$/ },
  "vault_database_secret_backend_role.name": { what: /^Vault database role/ },
  "vault_database_secret_backend_role.backend": { what: /^Vault database mount$/ },
  "vault_database_secret_backend_static_role.name": { what: /^Vault database static role$/ },
  "vault_database_secret_backend_static_role.backend": { what: /^Vault database mount$/ },
  "vault_gcp_secret_backend.path": { what: /^Vault GCP secrets mount$/ },
  "vault_gcp_secret_roleset.roleset": { what: /^Vault GCP roleset$/ },
  "vault_generic_endpoint.path": { what: /^(Vault KV metadata path|Vault cluster setting)$/ },
  "vault_identity_group.name": { what: /^Vault identity group$/ },
  "vault_identity_mfa_login_enforcement.name": { what: /^Vault MFA login enforcement$/ },
  "vault_jwt_auth_backend.path": { what: /^Vault JWT auth mount$/, name: auth },
  "vault_jwt_auth_backend_role.role_name": { what: /^Vault JWT auth role$/ },
  "vault_jwt_auth_backend_role.backend": { what: /^Vault JWT auth mount$/, name: auth },
  "vault_kubernetes_auth_backend_role.role_name": { what: /^Vault Kubernetes auth role$/ },
  "vault_kubernetes_auth_backend_role.backend": { what: /^Vault Kubernetes auth mount/, name: auth },
  "vault_mount.path": { what: /^Vault .*mount/ },
  "vault_namespace.path": {
    what: /^Vault namespace$/,
    name: (value, body) => (typeof body.namespace === "string" ? `${body.namespace}/${value}` : value),
  },
  "vault_pki_secret_backend_role.name": { what: /^Vault PKI role$/ },
  "vault_pki_secret_backend_role.backend": { what: /^Vault PKI mount/ },
  "vault_policy.name": { what: /^Vault policy$/ },
  "vault_ssh_secret_backend_role.name": { what: /^Vault SSH role$/ },
  "vault_ssh_secret_backend_role.backend": { what: /^Vault SSH mount$/ },
};

/** Attributes whose key looks like a name but which name nothing the library creates, and why. */
const NOT_NAMES: Readonly<Record<string, string>> = {
  "aws_iam_role.path": "the IAM path /<organization>/<environment>/, an attribute of the role, not its name",
  "aws_iam_role.assume_role_policy": "a policy document",
  "aws_lambda_function.filename": "the content-addressed asset of the code",
  "aws_cloudwatch_metric_alarm.metric_name": "a fixed metric name inside the environment's metric namespace",
  "aws_cloudwatch_metric_alarm.namespace": "the metric namespace <organization>/etl-secrets/<environment>, not a resource",
  "vault_namespace.namespace": "the parent of the namespace (checked with vault_namespace.path)",
  "vault_database_secret_backend_static_role.username":
    "the existing database user the static role rotates (the spec's database.username), not a name the library creates",
};

const LOOKS_LIKE_A_NAME = /name|path|role|bucket|rule|alias|namespace|mount|backend|group|topic|queue|function/;

const EXAMPLES = [
  "examples/multi-env/connectors.yaml",
  "test/fixtures/inventories/acme.yaml",
  "test/fixtures/inventories/realworld.yaml",
  "test/fixtures/inventories/static-role-watch.yaml",
  "test/fixtures/inventories/drill.yaml",
];

describe("identity catalogue: every name the shipped examples synthesize is in it", () => {
  it.each(EXAMPLES)("%s", (file) => {
    const inventory: Inventory = loadInventory(file);
    const entries = identityCatalogue(inventory).entries;
    const byName = new Map<string, IdentityEntry[]>();
    for (const entry of entries) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
    const has = (name: string, what: RegExp) => (byName.get(name) ?? []).some((entry) => what.test(entry.what));

    const files = synthFilesOfFile(file, inventory);
    const stacks = [...files.keys()].filter((path) => path.endsWith("cdk.tf.json")).map((path) => path.split("/")[1]);
    const missing: string[] = [];
    const unclassified = new Set<string>();
    let checked = 0;
    for (const stack of stacks) {
      if (!has(stack, /stack name$/)) missing.push(`stack ${stack}`);
      const json = stackJson(files, stack);
      for (const variable of Object.keys(json.variable ?? {})) {
        checked++;
        if (!has(variable, /^Terraform variable/)) missing.push(`${stack}: variable ${variable}`);
      }
      for (const [type, resources] of Object.entries<Record<string, Record<string, unknown>>>(json.resource ?? {})) {
        for (const [id, body] of Object.entries(resources)) {
          for (const [attribute, value] of Object.entries(body)) {
            if (typeof value !== "string" || value.includes("${")) continue;
            const key = `${type}.${attribute}`;
            const check = NAMES[key];
            if (!check) {
              if (LOOKS_LIKE_A_NAME.test(attribute) && !(key in NOT_NAMES)) unclassified.add(key);
              continue;
            }
            checked++;
            const name = check.name ? check.name(value, body) : value;
            if (!has(name, check.what)) missing.push(`${stack}: ${type}.${id}.${attribute} = ${name}`);
          }
        }
      }
    }
    expect([...unclassified]).toEqual([]);
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it("lists the detection signals the policy layer defines (the plan cannot import it)", () => {
    const source = readFileSync(join(__dirname, "../../lib/policy/aws/detection.ts"), "utf8");
    const ids = [...source.matchAll(/\bid: "([a-z-]+)"/g)].map((m) => m[1]).sort();
    const catalogue = identityCatalogue(loadInventory(EXAMPLES[2]))
      .entries.filter((e) => e.what === "CloudWatch alarm")
      .map((e) => e.name);
    for (const id of ids) expect(catalogue.some((name) => name.endsWith(`-${id}`))).toBe(true);
  });
});

describe("one plan per validated inventory", () => {
  it("plans a validated (frozen) inventory once, so validation's catalogue and synth share the plan", () => {
    const inventory = loadInventory(EXAMPLES[1]);
    expect(planInventory(inventory)).toBe(planInventory(inventory));
  });
});
