import { validateDocument } from "../../../lib/inventory/validate";
import { fixtureDocument } from "../../support/inventories";
import { stackJson, synthFiles } from "../../support/synth";

/**
 * Environment-wide aggregates may change when a connector is added (they list every connector);
 * nothing else may: a changed address or body of another connector's resource is a bug.
 */
const AGGREGATE_TYPES = new Set([
  "aws_cloudwatch_dashboard",
  "aws_kms_key",
  "aws_cloudwatch_log_metric_filter",
  "aws_cloudwatch_metric_alarm",
  "aws_iam_role_policy",
  "aws_iam_policy",
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_event_target",
  "aws_lambda_function",
  "aws_sns_topic_subscription",
]);

/** Policies for people and shared functions name every credential of the environment. */
const AGGREGATE_NAME = /(operator|break-glass|rotation|key-broker|reminders)/;

function resources(files: Map<string, string>, stack: string): Map<string, unknown> {
  const json = stackJson(files, stack);
  const out = new Map<string, unknown>();
  for (const [type, byName] of Object.entries<Record<string, unknown>>(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) out.set(`${type}.${name}`, body);
  }
  return out;
}

describe("adding a connector", () => {
  it("leaves every other connector's resources unchanged, addresses and bodies", () => {
    const base = fixtureDocument("acme.yaml");
    const extended = fixtureDocument("acme.yaml");
    extended.connectors.splice(2, 0, {
      id: "zendesk-api",
      purpose: "Support tickets for churn models",
      owner: "growth-team",
      system: "http-api",
      sensitivity: "moderate",
      store: "vault",
      credential: { type: "api-key", rotation: { days: 90, reminder: true } },
      consumers: [{ id: "tickets-sync", auth: { method: "approle", cidrs: ["10.20.0.0/16"] }, access: "read" }],
      environments: { dev: {}, prod: {} },
      lifecycle: { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: "active" },
    });
    const before = synthFiles(validateDocument(base).inventory!);
    const after = synthFiles(validateDocument(extended).inventory!);
    for (const stack of ["dev", "prod", "staging", "test", "vault-acme-example", "vault-dev-acme-example", "aws-222222222222"]) {
      const old = resources(before, stack);
      const now = resources(after, stack);
      for (const [address, body] of old) {
        if (AGGREGATE_TYPES.has(address.split(".")[0])) continue;
        if (address.startsWith("vault_policy.") && AGGREGATE_NAME.test(address)) continue;
        expect({ stack, address, body: now.get(address) }).toEqual({ stack, address, body });
      }
    }
  });
});
