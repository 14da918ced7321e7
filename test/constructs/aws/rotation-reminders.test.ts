import { planInventory } from "../../../lib/plan/inventory-plan";
import { planReminders } from "../../../lib/plan/reminder-plan";
import { validateRemindersEvent } from "../../../lib/rotation/reminders/handler";
import type { RemindersEvent } from "../../../lib/rotation/reminders/contract";
import { fixtureInventory } from "../../support/inventories";
import { fixtureSynthFiles } from "../../support/fixture-synth";
import { stackJson } from "../../support/synth";
import { bodies } from "./support";

describe("RotationReminders (acme, synthesized as the CLI does)", () => {
  const inventory = fixtureInventory("acme.yaml");
  const files = fixtureSynthFiles("acme.yaml");
  const prod = stackJson(files, "prod");
  const fn = bodies(prod, "aws_lambda_function").find((f) => f.function_name === "acme-data-prod-rotate-reminders");
  const topics = bodies(prod, "aws_sns_topic");
  const topicRef = (name: string) => {
    const address = Object.entries(prod.resource.aws_sns_topic).find(([, body]: [string, any]) => body.name === name)?.[0];
    return `\${aws_sns_topic.${address}.arn}`;
  };

  it("runs a checker named like the rotation functions, with its topics' ARNs and names only in its environment", () => {
    expect(fn).toBeDefined();
    expect(fn.environment.variables).toEqual({
      CONNECT_TIMEOUT_SECONDS: "10",
      ENVIRONMENT: "prod",
      ORGANIZATION: "acme-data",
      PAGING_TOPIC_ARN: topicRef("acme-data-prod-secrets-paging"),
      REMINDERS_TOPIC_ARN: topicRef("acme-data-prod-secret-reminders"),
    });
    expect(fn.logging_config).toEqual({ log_format: "JSON", log_group: "/aws/lambda/acme-data-prod-rotate-reminders" });
    expect(fn.dead_letter_config.target_arn).toMatch(/aws_sqs_queue\.aws_rotation-reminders_dead-letters/);
    expect(bodies(prod, "aws_iam_role").find((r) => r.name === "acme-data-prod-rotate-reminders").path).toBe("/acme-data/prod/");
    expect(bodies(prod, "aws_cloudwatch_metric_alarm").map((a) => a.alarm_name)).toEqual(
      expect.arrayContaining(["acme-data-prod-rotate-reminders-errors", "acme-data-prod-rotate-reminders-dlq"]),
    );
  });

  it("encrypts the reminders and paging topics with the logs key", () => {
    for (const name of ["acme-data-prod-secret-reminders", "acme-data-prod-secrets-paging"]) {
      expect(topics.find((t) => t.name === name).kms_master_key_id).toMatch(/aws_kms_key\.aws_keys_logs-key/);
    }
  });

  it("subscribes each owner of a reminder credential once, by email, filtered on its own owner id", () => {
    const reminders = planReminders(planInventory(inventory).environments.find((e) => e.name === "prod")!)!;
    const owners = [...new Set(reminders.credentials.map((c) => c.owner))].sort();
    expect(owners).toEqual(["growth-team", "platform-team"]);
    const subscriptions = bodies(prod, "aws_sns_topic_subscription").filter(
      (s) => s.topic_arn === topicRef("acme-data-prod-secret-reminders"),
    );
    expect(subscriptions.map((s) => [s.protocol, s.endpoint, JSON.parse(s.filter_policy), s.filter_policy_scope])).toEqual(
      owners.map((id) => ["email", inventory.owners.find((o) => o.id === id)!.email, { owner: [id] }, "MessageAttributes"]),
    );
  });

  it("no stack subscribes anything but email, and nothing at all to the paging topic (subscribed outside Terraform)", () => {
    let stacks = 0;
    for (const [name, encoded] of files) {
      if (!name.endsWith(".tf.json")) continue;
      stacks++;
      const text = Buffer.from(encoded, "base64").toString("utf8");
      const json = JSON.parse(text);
      for (const subscription of bodies(json, "aws_sns_topic_subscription")) {
        expect(subscription.protocol).toBe("email");
        expect(String(subscription.topic_arn)).not.toMatch(/paging/);
      }
      expect(text).not.toMatch(/pagerduty|hooks\.slack|"protocol":\s*"(https?|lambda)"/i);
    }
    expect(stacks).toBeGreaterThan(3);
  });

  it("is run daily at 07:00 UTC by a rule whose input transformer puts the scheduled time into a valid reminders event", () => {
    const rule = bodies(prod, "aws_cloudwatch_event_rule").find((r) => r.name === "acme-data-prod-rotation-reminders");
    expect(rule.schedule_expression).toBe("cron(0 7 * * ? *)");
    const target = bodies(prod, "aws_cloudwatch_event_target").find((t) => t.target_id === "reminders");
    expect(target.input_transformer.input_paths).toEqual({ time: "$.time" });
    const event: RemindersEvent = JSON.parse(
      target.input_transformer.input_template.replace("<time>", JSON.stringify("2026-03-01T07:00:00Z")),
    );
    expect(validateRemindersEvent(event).map((c) => [c.connector, c.store, c.days, c.owner, c.sensitivity])).toEqual([
      ["legacy-ftp", "vault", 180, "platform-team", "moderate"],
      ["stripe-api", "vault", 90, "growth-team", "high"],
    ]);
    expect(event.credentials[1]).toMatchObject({
      kvMount: "kv",
      key: "connectors/stripe-api/main",
      namespace: "etl/prod",
      authMount: "aws",
      authRole: "prod-reminders",
    });
  });

  it("logs in to Vault as <env>-reminders, bound to its execution role, with a policy reading exactly each credential's KV metadata", () => {
    const policy = bodies(prod, "vault_policy").find((p) => p.name === "prod-reminders");
    const paths = [...String(policy.policy).matchAll(/path "([^"]+)"/g)].map((m) => m[1]);
    expect(paths).toEqual(["kv/metadata/connectors/legacy-ftp/main", "kv/metadata/connectors/stripe-api/main"]);
    expect(policy.policy).not.toMatch(/\/data\/|"list"|"update"|"create"/);
    const role = bodies(prod, "vault_aws_auth_backend_role").find((r) => r.role === "prod-reminders");
    expect(role.bound_iam_principal_arns).toEqual(["arn:aws:iam::222222222222:role/acme-data-prod-rotate-reminders"]);
    expect(role.token_policies).toEqual([expect.stringMatching(/vault_policy\.vault_reminders-login_policy/)]);
  });

  it("outputs the paging topic's ARN as secrets_paging_topic_arn__<env>, for subscribing on-call outside Terraform", () => {
    expect(prod.output["secrets_paging_topic_arn__prod"]).toEqual(
      expect.objectContaining({ value: topicRef("acme-data-prod-secrets-paging"), sensitive: false }),
    );
    expect(Object.keys(stackJson(files, "test").output ?? {}).filter((name) => name.startsWith("secrets_paging_topic_arn"))).toEqual([]);
  });

  it("the Vault-only environment (test) gets no checker", () => {
    const test = stackJson(files, "test");
    expect(JSON.stringify(test)).not.toMatch(/rotate-reminders|test-reminders/);
  });
});

describe("RotationReminders (realworld: Secrets Manager reminder credentials)", () => {
  const files = fixtureSynthFiles("realworld.yaml");
  const prod = stackJson(files, "prod");

  it("lists the versions of exactly its Secrets Manager reminder credentials, granted by their resource policies, and reads no value", () => {
    const roles = prod.resource.aws_iam_role as Record<string, any>;
    const roleKey = Object.keys(roles).find((k) => roles[k].name === "acme-data-prod-rotate-reminders")!;
    const policy = JSON.parse(bodies(prod, "aws_iam_role_policy").find((p) => p.name === "acme-data-prod-rotate-reminders").policy);
    // Its own policy names no secret (it keeps its size whatever their number) and reads no value.
    expect(JSON.stringify(policy)).not.toMatch(/secretsmanager:|:secret:|aws_secretsmanager_secret\./);
    const secrets = prod.resource.aws_secretsmanager_secret as Record<string, any>;
    const granted: string[] = [];
    for (const body of Object.values<any>(prod.resource.aws_secretsmanager_secret_policy)) {
      const statements = JSON.parse(body.policy).Statement as any[];
      const mentions = statements.filter((s) => JSON.stringify(s.Principal ?? "").includes(`aws_iam_role.${roleKey}.`));
      if (mentions.length === 0) continue;
      expect(mentions).toEqual([
        {
          Sid: "ReminderCheckerListsVersionDates",
          Effect: "Allow",
          Principal: { AWS: `\${aws_iam_role.${roleKey}.arn}` },
          Action: ["secretsmanager:ListSecretVersionIds"],
          Resource: [body.secret_arn],
        },
      ]);
      granted.push(secrets[/^\$\{aws_secretsmanager_secret\.([^.]+)\.arn\}$/.exec(body.secret_arn)![1]].name);
    }
    expect(granted.sort()).toEqual(["acme-data/prod/google-ads/developer-token", "acme-data/prod/google-ads/oauth"]);
  });
});
