import { AwsEnvironment } from "../../../lib/constructs/aws/aws-environment";
import type { InventoryPlan } from "../../../lib/plan/types";
import { VAULT_SCHEDULE_SOURCE } from "../../../lib/rotation/contract";
import { awsStack, bodies, environmentPlan, fixturePlan, synthJson } from "./support";

function synth(plan: InventoryPlan, name: string): any {
  const stack = awsStack();
  new AwsEnvironment(stack, "aws", { plan: environmentPlan(plan, name) });
  return synthJson(stack);
}

function addresses(json: any, type: string): string[] {
  return Object.keys(json.resource?.[type] ?? {}).sort();
}

describe("VaultBrokerRotation (realworld dev)", () => {
  const json = synth(fixturePlan("realworld.yaml"), "dev");

  it("one schedule rule per rotation period, its input listing that period's Vault-stored broker credentials", () => {
    const rules = bodies(json, "aws_cloudwatch_event_rule").filter((r) => r.name.includes("rotate-vault"));
    expect(rules.map((r) => [r.name, r.schedule_expression])).toEqual([
      ["acme-data-dev-rotate-vault-every-30d", "rate(30 days)"],
      ["acme-data-dev-rotate-vault-every-90d", "rate(90 days)"],
    ]);
    const targets = bodies(json, "aws_cloudwatch_event_target").filter((t) => t.input);
    const inputs = targets.map((t) => JSON.parse(t.input));
    expect(inputs.map((i) => i.source)).toEqual([VAULT_SCHEDULE_SOURCE, VAULT_SCHEDULE_SOURCE]);
    expect(inputs.map((i) => i.credentials.map((c: any) => c.key))).toEqual([
      ["connectors/snowflake-loader/main"],
      ["connectors/kafka-events/main"],
    ]);
    expect(inputs[0].credentials[0]).toEqual({
      vaultAddress: "https://vault.dev.acme.example:8200",
      namespace: "etl/dev",
      kvMount: "kv",
      key: "connectors/snowflake-loader/main",
      endpoint: "https://key-broker.internal/snowflake",
      authMount: "aws",
      role: "dev-rotation",
      // rotation.slots: 2 on a key-pair: rotated through the broker's slots (two-slot key pairs).
      keyPair: { algorithm: "rsa-2048", slots: 2 },
    });
    // Other broker kinds (sasl here) keep the keys contract: no keyPair.
    expect(inputs[1].credentials[0].keyPair).toBeUndefined();
    for (const target of targets)
      expect(target.arn).toMatch(/^\$\{aws_lambda_function\.aws_rotation-key-broker_function_[0-9A-F]+\.arn\}$/);
  });

  it("lets EventBridge invoke the function only from each rule (source_arn)", () => {
    // The environment's rotation notifier has its own EventBridge permission: only the schedule's count here.
    const permissions = bodies(json, "aws_lambda_permission").filter(
      (p) => p.principal === "events.amazonaws.com" && String(p.statement_id).startsWith("VaultSchedule"),
    );
    expect(permissions.map((p) => p.statement_id)).toEqual(["VaultSchedule-every-30d", "VaultSchedule-every-90d"]);
    for (const p of permissions)
      expect(p.source_arn).toMatch(/^\$\{aws_cloudwatch_event_rule\.aws_vault-broker-rotation_every-\d+d_rule_[0-9A-F]+\.arn\}$/);
  });

  it("creates the key-broker function for Vault-stored credentials alone, without Secrets Manager access", () => {
    const fn = bodies(json, "aws_lambda_function").find((f) => f.function_name === "acme-data-dev-rotate-key-broker");
    expect(fn).toBeDefined();
    const policy = bodies(json, "aws_iam_role_policy").find((p) => p.name === "acme-data-dev-rotate-key-broker")!;
    const text = JSON.stringify(JSON.parse(policy.policy));
    expect(text).not.toContain("secretsmanager");
  });

  it("announces its Vault rotations on the environment's RotationSucceeded topic: names in its environment, sns:Publish on that topic only", () => {
    const fn = bodies(json, "aws_lambda_function").find((f) => f.function_name === "acme-data-dev-rotate-key-broker")!;
    const topic = bodies(json, "aws_sns_topic").find((t) => t.name === "acme-data-dev-secret-rotated");
    expect(topic).toBeDefined();
    const topicArn: string = fn.environment.variables.ROTATED_TOPIC_ARN;
    expect(topicArn).toMatch(/^arn:aws:sns:[a-z0-9-]+:\d{12}:acme-data-dev-secret-rotated$/);
    expect(fn.environment.variables).toEqual(
      expect.objectContaining({
        ROTATED_TOPIC_ARN: topicArn,
        ORGANIZATION: "acme-data",
        ENVIRONMENT: "dev",
        VAULT_CLUSTER: "vault.dev.acme.example",
      }),
    );
    const policy = JSON.parse(bodies(json, "aws_iam_role_policy").find((p) => p.name === "acme-data-dev-rotate-key-broker")!.policy);
    const publish = policy.Statement.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith("sns:")));
    expect(publish).toEqual([{ Sid: "PublishRotated", Effect: "Allow", Action: ["sns:Publish"], Resource: [topicArn] }]);
  });

  it("gives no other rotation function the announcement settings or sns:Publish, nor a key-broker function without Vault-stored credentials (acme prod)", () => {
    const prod = synth(fixturePlan("acme.yaml"), "prod");
    const others = bodies(prod, "aws_lambda_function").filter((f) => !f.function_name.endsWith("-rotate-notifier"));
    expect(others.length).toBeGreaterThan(0);
    for (const fn of others) expect(fn.environment?.variables?.ROTATED_TOPIC_ARN).toBeUndefined();
    // The notifier and the reminder checker publish by design (their own topics); no rotation function does.
    for (const policy of bodies(prod, "aws_iam_role_policy").filter(
      (p) => p.name.includes("-rotate-") && !p.name.endsWith("notifier") && !p.name.endsWith("reminders"),
    )) {
      expect(policy.policy).not.toContain("sns:Publish");
    }
  });

  it("addresses come from the period, not positions: a new connector of another period leaves the others unchanged", () => {
    const more = synth(
      fixturePlan("realworld.yaml", (doc) => {
        doc.connectors.unshift({
          id: "zz-broker",
          purpose: "Another broker key",
          owner: "platform-team",
          system: "snowflake",
          sensitivity: "high",
          store: "vault",
          credential: { type: "api-key", rotation: { days: 45, endpoint: "https://key-broker.internal/zz" } },
          consumers: [],
          environments: { dev: {} },
          lifecycle: { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: "active" },
        });
      }),
      "dev",
    );
    const before = addresses(json, "aws_cloudwatch_event_rule").filter((a) => a.includes("vault-broker"));
    const after = addresses(more, "aws_cloudwatch_event_rule").filter((a) => a.includes("vault-broker"));
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.length).toBe(before.length + 1);
    for (const address of before)
      expect(more.resource.aws_cloudwatch_event_rule[address]).toEqual(json.resource.aws_cloudwatch_event_rule[address]);
  });
});
