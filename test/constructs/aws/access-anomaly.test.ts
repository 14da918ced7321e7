import { fixtureDocument } from "../../support/inventories";
import { synthFiles, stackJson } from "../../support/synth";
import { loadInventoryFromDocument } from "../../support/vault-audit-inventory";
import { filterPatternMatches } from "../../support/cloudwatch-filter-pattern";
import { compileMetricMath } from "../../support/metric-math";
import { VAULT_SECRET_READS_METRIC_NAME } from "../../../lib/plan/access-anomaly";
import { VAULT_SECRET_READS_SIGNAL } from "../../../lib/plan/vault-audit-plan";
import { secretReadsPattern } from "../../../lib/policy/aws/secret-reads";
import { vaultAuditEnvironmentSignals } from "../../../lib/policy/vault-audit/signals";
import { corpusInput } from "../../support/vault-audit-ground-truth";
import { runChecks } from "../../../lib/checks/run-checks";
import { ALL_RULES } from "../../../lib/checks/stack-checks";
import { toSynthStack } from "../../../lib/checks/synth-stack";

const HOURS = { utcOffset: "+01:00", days: ["mon", "tue", "wed", "thu", "fri"], from: "07:00", to: "20:00" };

/** acme.yaml with the prod cluster's audit shipped; prod declares working hours and the security channel is set when asked. */
function acme(options: { hours?: boolean; security?: boolean } = {}) {
  const doc = fixtureDocument("acme.yaml");
  for (const env of doc.environments) {
    if (["prod", "staging"].includes(env.name)) env.vault.audit = { accountId: "333333333333", region: "eu-west-1" };
    if (options.hours && env.name === "prod") env.hours = HOURS;
  }
  if (options.security) doc.notifications = { security: { email: "secops@acme.example", oncall: "pagerduty:PSECOPS" } };
  return synthFiles(loadInventoryFromDocument(doc));
}

const plain = acme();
const declared = acme({ hours: true, security: true });
const AUDIT = "vault-acme-example-audit";

const resources = (json: any, type: string): Record<string, any> => json.resource?.[type] ?? {};
const alarm = (json: any, name: string) =>
  Object.values(resources(json, "aws_cloudwatch_metric_alarm")).find((a: any) => a.alarm_name === name) as any;
const queryIds = (a: any) => a.metric_query.map((q: any) => q.id);

describe("access anomaly alarms of an environment (Secrets Manager reads)", () => {
  it("counts GetSecretValue on the environment's secrets with a metric filter on the trail's log group", () => {
    const filter = Object.values(resources(stackJson(plain, "prod"), "aws_cloudwatch_log_metric_filter")).find(
      (f: any) => f.name === "acme-data-prod-secret-reads",
    ) as any;
    expect(filter.log_group_name).toBe("/aws/cloudtrail/acme-data-etl-secrets");
    expect(filter.metric_transformation).toEqual({
      name: "SecretReads",
      namespace: "acme-data/etl-secrets/prod",
      value: "1",
      default_value: "0",
    });
  });

  it("alarms when the hourly reads leave the anomaly band: m1 (Sum, 1 h), ad1 = ANOMALY_DETECTION_BAND(m1, 2), 3 of 3, missing not breaching", () => {
    const json = stackJson(plain, "prod");
    const a = alarm(json, "acme-data-prod-secret-reads-anomaly");
    expect(queryIds(a)).toEqual(["m1", "ad1"]);
    expect(a.metric_query[0].metric).toEqual({
      metric_name: "SecretReads",
      namespace: "acme-data/etl-secrets/prod",
      period: 3600,
      stat: "Sum",
    });
    expect(a.metric_query[1].expression).toBe("ANOMALY_DETECTION_BAND(m1, 2)");
    expect(a).toMatchObject({
      threshold_metric_id: "ad1",
      comparison_operator: "GreaterThanUpperThreshold",
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
      treat_missing_data: "notBreaching",
    });
    expect(a.threshold).toBeUndefined();
    expect(a.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.aws_detection_alarm-topic_/)]);
  });

  it("has no out-of-hours alarm where the environment declares no hours", () => {
    const names = Object.values(resources(stackJson(plain, "prod"), "aws_cloudwatch_metric_alarm")).map((a: any) => a.alarm_name);
    expect(names.filter((n: string) => n.endsWith("-out-of-hours"))).toEqual([]);
  });

  it("with hours, alarms on any read outside them: IF(<outside>, m1, 0) >= 1 on a per-minute count", () => {
    const a = alarm(stackJson(declared, "prod"), "acme-data-prod-secret-reads-out-of-hours");
    expect(queryIds(a)).toEqual(["m1", "e1"]);
    expect(a.metric_query[0]).toMatchObject({ return_data: false, metric: { metric_name: "SecretReads", period: 60, stat: "Sum" } });
    expect(a).toMatchObject({
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      datapoints_to_alarm: 1,
      treat_missing_data: "notBreaching",
    });
    const evaluate = compileMetricMath(a.metric_query[1].expression);
    expect(evaluate({ day: 3, hour: 12, minute: 0, value: 2 })).toBe(0); // Wednesday 13:00 at +01:00
    expect(evaluate({ day: 3, hour: 19, minute: 0, value: 2 })).toBe(2); // Wednesday 20:00 at +01:00: out of hours
    // Only prod declares hours.
    expect(
      Object.values(resources(stackJson(declared, "staging"), "aws_cloudwatch_metric_alarm"))
        .map((x: any) => x.alarm_name)
        .filter((n: string) => n.endsWith("-out-of-hours")),
    ).toEqual([]);
  });

  it("subscribes the security address by email to the alarm topic; the on-call reference is never a subscription", () => {
    const subs = Object.values(resources(stackJson(declared, "prod"), "aws_sns_topic_subscription")) as any[];
    expect(subs.filter((s) => s.endpoint === "secops@acme.example").map((s) => s.protocol)).toEqual(["email"]);
    for (const name of ["prod", AUDIT]) expect(JSON.stringify(stackJson(declared, name))).not.toContain("PSECOPS");
    expect(
      (Object.values(resources(stackJson(plain, "prod"), "aws_sns_topic_subscription")) as any[]).map((s) => s.endpoint),
    ).not.toContain("secops@acme.example");
  });

  it("the secret-reads pattern counts exactly the successful GetSecretValue calls on the environment's secrets", () => {
    const pattern = secretReadsPattern("acme-data/prod/");
    const event = (over: Record<string, unknown>) =>
      JSON.stringify({
        eventSource: "secretsmanager.amazonaws.com",
        eventName: "GetSecretValue",
        requestParameters: { secretId: "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod/orders/db-AbCdEf" },
        ...over,
      });
    expect(filterPatternMatches(pattern, event({}))).toBe(true);
    expect(filterPatternMatches(pattern, event({ requestParameters: { secretId: "acme-data/prod/orders/db" } }))).toBe(true);
    expect(filterPatternMatches(pattern, event({ errorCode: "AccessDenied" }))).toBe(false);
    expect(filterPatternMatches(pattern, event({ requestParameters: { secretId: "acme-data/staging/orders/db" } }))).toBe(false);
    expect(filterPatternMatches(pattern, event({ eventName: "DescribeSecret" }))).toBe(false);
    expect(filterPatternMatches(pattern, event({ eventSource: "kms.amazonaws.com" }))).toBe(false);
  });
});

describe("access anomaly alarms on the Vault audit log", () => {
  it("watch the vault-secret-reads signal's metric, whose filter the audit stack has", () => {
    const signal = vaultAuditEnvironmentSignals(corpusInput("prod")).find((s) => s.id === VAULT_SECRET_READS_SIGNAL)!;
    expect(signal.metricName).toBe(VAULT_SECRET_READS_METRIC_NAME);
    const json = stackJson(plain, AUDIT);
    const filter = Object.values(resources(json, "aws_cloudwatch_log_metric_filter")).find(
      (f: any) => f.name === "acme-data-prod-vault-secret-reads",
    ) as any;
    expect(filter.metric_transformation.name).toBe("VaultSecretReads");
  });

  it("alarm per environment of the cluster on the anomaly band, out of hours only where the environment declares hours", () => {
    for (const files of [plain, declared]) {
      const json = stackJson(files, AUDIT);
      for (const env of ["prod", "staging"]) {
        const a = alarm(json, `acme-data-${env}-vault-secret-reads-anomaly`);
        expect(queryIds(a)).toEqual(["m1", "ad1"]);
        expect(a.metric_query[0].metric).toMatchObject({
          metric_name: "VaultSecretReads",
          namespace: `acme-data/etl-secrets/${env}`,
          period: 3600,
        });
        expect(a).toMatchObject({ threshold_metric_id: "ad1", comparison_operator: "GreaterThanUpperThreshold", evaluation_periods: 3 });
        expect(a.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\./)]);
      }
    }
    expect(alarm(stackJson(plain, AUDIT), "acme-data-prod-vault-secret-reads-out-of-hours")).toBeUndefined();
    expect(queryIds(alarm(stackJson(declared, AUDIT), "acme-data-prod-vault-secret-reads-out-of-hours"))).toEqual(["m1", "e1"]);
    expect(alarm(stackJson(declared, AUDIT), "acme-data-staging-vault-secret-reads-out-of-hours")).toBeUndefined();
  });

  it("leaves the audit stack without any check finding and the environment stack without an ETL-AWS-003 finding", () => {
    const audit = runChecks([toSynthStack(AUDIT, stackJson(declared, AUDIT))], ALL_RULES);
    expect(audit.findings.map((f) => `${f.ruleId} ${f.address ?? ""}: ${f.message}`)).toEqual([]);
    const prod = runChecks([toSynthStack("prod", stackJson(declared, "prod"))], ALL_RULES);
    expect(prod.findings.filter((f) => f.ruleId === "ETL-AWS-003")).toEqual([]);
  });
});
