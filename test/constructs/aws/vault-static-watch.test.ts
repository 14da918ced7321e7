import { validateWatchEvent } from "../../../lib/rotation/vault/static-role-watch";
import { validateDocument } from "../../../lib/inventory/validate";
import type { Inventory } from "../../../lib/inventory/model";
import { fixtureDocument } from "../../support/inventories";
import { stackJson, synthFiles } from "../../support/synth";
import { bodies } from "./support";

type Doc = any;

/** acme with billing-mysql's password in Vault, rotated by a database static role. */
function inventory(): Inventory {
  const doc = fixtureDocument("acme.yaml");
  const billing = doc.connectors.find((c: Doc) => c.id === "billing-mysql");
  billing.store = "vault";
  billing.credential.database.username = "billing_etl";
  billing.consumers[0].auth = { method: "approle", cidrs: ["10.20.0.0/16"] };
  const result = validateDocument(doc);
  if (!result.inventory) throw new Error("invalid fixture change");
  return result.inventory;
}

describe("VaultStaticWatch (acme with a Vault static role)", () => {
  // The whole inventory, synthesized as the CLI does: the secure-default checks run on every stack.
  const files = synthFiles(inventory());
  const prod = stackJson(files, "prod");
  const fn = bodies(prod, "aws_lambda_function").find((f) => f.function_name === "acme-data-prod-rotate-vault-watch");

  it("runs a watcher named like the rotation functions, announcing on the environment's topics with names only in its environment", () => {
    expect(fn).toBeDefined();
    expect(fn.environment.variables).toEqual({
      ALARM_TOPIC_ARN: expect.stringMatching(/^\$\{aws_sns_topic\.aws_detection_alarm-topic_[0-9A-F]+\.arn\}$/),
      CONNECT_TIMEOUT_SECONDS: "10",
      ENVIRONMENT: "prod",
      ORGANIZATION: "acme-data",
      ROTATED_TOPIC_ARN: expect.stringMatching(/^\$\{aws_sns_topic\.aws_detection_rotated-topic_[0-9A-F]+\.arn\}$/),
      VAULT_CLUSTER: "vault.acme.example",
    });
    expect(fn.logging_config).toEqual({ log_format: "JSON", log_group: "/aws/lambda/acme-data-prod-rotate-vault-watch" });
    expect(fn.tracing_config).toEqual({ mode: "Active" });
    const role = bodies(prod, "aws_iam_role").find((r) => r.name === "acme-data-prod-rotate-vault-watch");
    expect(role.path).toBe("/acme-data/prod/");
  });

  it("may publish to exactly the rotated and alarm topics, and reads no secret", () => {
    const policy = JSON.parse(bodies(prod, "aws_iam_role_policy").find((p) => p.name === "acme-data-prod-rotate-vault-watch").policy);
    const publish = policy.Statement.filter((s: any) => [s.Action].flat().includes("sns:Publish"));
    expect(publish).toHaveLength(1);
    expect(publish[0].Resource).toEqual([fn.environment.variables.ROTATED_TOPIC_ARN, fn.environment.variables.ALARM_TOPIC_ARN]);
    expect(JSON.stringify(policy)).not.toMatch(/secretsmanager:|ssm:|iam:/);
  });

  it("is run every 15 minutes by a rule whose input transformer puts the scheduled time into a valid watch event", () => {
    const rule = bodies(prod, "aws_cloudwatch_event_rule").find((r) => r.name === "acme-data-prod-vault-rotation-watch");
    expect(rule.schedule_expression).toBe("rate(15 minutes)");
    const target = bodies(prod, "aws_cloudwatch_event_target").find((t) => t.target_id === "vault-watch");
    expect(target.input).toBeUndefined();
    expect(target.input_transformer.input_paths).toEqual({ time: "$.time" });
    const event = JSON.parse(target.input_transformer.input_template.replace("<time>", JSON.stringify("2026-03-01T10:15:00Z")));
    expect(event.time).toBe("2026-03-01T10:15:00Z");
    expect(event.intervalSeconds).toBe(900);
    expect(
      validateWatchEvent(event).map((r) => `${r.connector}/${r.credential} ${r.dbMount}/${r.role} ${r.authMount}:${r.authRole}`),
    ).toEqual(["billing-mysql/main database/billing-mysql-main aws:prod-rotation-watch"]);
    const permission = bodies(prod, "aws_lambda_permission").find((p) => p.statement_id === "VaultWatch-watch");
    const ruleId = /^\$\{aws_cloudwatch_event_rule\.([^.]+)\.arn\}$/.exec(permission.source_arn)![1];
    expect(prod.resource.aws_cloudwatch_event_rule[ruleId].name).toBe("acme-data-prod-vault-rotation-watch");
  });

  it("has its errors and dead-letter alarms on the alarm topic", () => {
    const alarms = bodies(prod, "aws_cloudwatch_metric_alarm").filter((a) =>
      String(a.alarm_name).startsWith("acme-data-prod-rotate-vault-watch-"),
    );
    expect(alarms.map((a) => a.alarm_name)).toEqual(["acme-data-prod-rotate-vault-watch-dlq", "acme-data-prod-rotate-vault-watch-errors"]);
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([fn.environment.variables.ALARM_TOPIC_ARN]);
  });

  it("logs in to Vault with an AWS auth role bound to the watcher's role, whose policy reads exactly the static role's definition", () => {
    const roles = bodies(prod, "vault_aws_auth_backend_role").filter((r) => r.role === "prod-rotation-watch");
    expect(roles).toHaveLength(1);
    expect(roles[0]).toEqual(
      expect.objectContaining({
        auth_type: "iam",
        backend: "aws",
        bound_iam_principal_arns: ["arn:aws:iam::222222222222:role/acme-data-prod-rotate-vault-watch"],
      }),
    );
    const policyId = /^\$\{vault_policy\.([^.]+)\.name\}$/.exec(roles[0].token_policies[0])![1];
    expect(roles[0].token_policies).toHaveLength(1);
    const policy = prod.resource.vault_policy[policyId];
    expect(policy.name).toBe("prod-rotation-watch");
    const paths = [...String(policy.policy).matchAll(/path "([^"]+)" \{\s*capabilities = \[([^\]]*)\]/g)].map(
      (m) => `${m[1]} ${m[2].replace(/\s/g, "")}`,
    );
    expect(paths).toEqual(['database/static-roles/billing-mysql-main "read"']);
  });

  it("creates nothing of the watcher in an environment without a static role", () => {
    const staging = stackJson(files, "staging");
    expect(bodies(staging, "aws_lambda_function").map((f) => f.function_name)).not.toContain("acme-data-staging-rotate-vault-watch");
    expect(bodies(staging, "vault_policy").map((p) => p.name)).not.toContain("staging-rotation-watch");
  });
});
