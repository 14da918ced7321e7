import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fixtureDocument } from "../../support/inventories";
import { synthFiles, stackJson } from "../../support/synth";
import { loadInventoryFromDocument } from "../../support/vault-audit-inventory";
import { compileMetricMath } from "../../support/metric-math";

/*
 * The access anomaly alarms of acme.yaml (prod declares working hours, the prod cluster's audit is
 * shipped) created in moto through CloudWatch's own API (PutMetricAlarm, JSON protocol), then read
 * back with DescribeAlarms: CloudWatch's API accepts the metric queries, the threshold metric id and
 * the operators exactly as synthesized. moto stores alarms but evaluates neither anomaly bands (no
 * anomaly model: an ANOMALY_DETECTION_BAND alarm stays in its initial state) nor metric-math
 * expressions, so what the alarms DO is proven elsewhere: the out-of-hours expression against a
 * reference on every minute of a week (test/policy/aws/out-of-hours.property.test.ts), the counts'
 * filter patterns against the oracle and the real OpenBao corpus (test/policy/vault-audit/signals.test.ts).
 */
const ROOT = join(__dirname, "..", "..", "..");
const ENGINES_FILE = join(ROOT, ".state", "integration", "moto.env");
const AUDIT_STACK = "vault-acme-example-audit";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`moto server did not answer at ${url}`);
}

async function cloudwatch(endpoint: string, region: string, action: string, body: unknown): Promise<any> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `GraniteServiceVersion20100801.${action}`,
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/monitoring/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`cloudwatch ${action}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

/** PutMetricAlarm's input from a synthesized `aws_cloudwatch_metric_alarm` with metric queries (topic references become ARNs of the account). */
function putMetricAlarmInput(alarm: any, topicArn: string): any {
  return {
    AlarmName: alarm.alarm_name,
    AlarmDescription: alarm.alarm_description,
    ComparisonOperator: alarm.comparison_operator,
    EvaluationPeriods: alarm.evaluation_periods,
    DatapointsToAlarm: alarm.datapoints_to_alarm,
    TreatMissingData: alarm.treat_missing_data,
    ...(alarm.threshold !== undefined ? { Threshold: alarm.threshold } : {}),
    ...(alarm.threshold_metric_id !== undefined ? { ThresholdMetricId: alarm.threshold_metric_id } : {}),
    AlarmActions: (alarm.alarm_actions ?? []).map(() => topicArn),
    Metrics: alarm.metric_query.map((q: any) => ({
      Id: q.id,
      ReturnData: q.return_data,
      ...(q.label ? { Label: q.label } : {}),
      ...(q.expression ? { Expression: q.expression } : {}),
      ...(q.metric
        ? {
            MetricStat: {
              Metric: { Namespace: q.metric.namespace, MetricName: q.metric.metric_name },
              Period: q.metric.period,
              Stat: q.metric.stat,
            },
          }
        : {}),
    })),
  };
}

describe("the access anomaly alarms in moto", () => {
  let endpoint: string;
  let own: ChildProcess | undefined;
  const doc = fixtureDocument("acme.yaml");
  for (const env of doc.environments) {
    if (["prod", "staging"].includes(env.name)) env.vault.audit = { accountId: "333333333333", region: "eu-west-1" };
    if (env.name === "prod") env.hours = { utcOffset: "-05:00", days: ["mon", "tue", "wed", "thu", "fri"], from: "08:00", to: "18:30" };
  }
  const files = synthFiles(loadInventoryFromDocument(doc));

  beforeAll(async () => {
    const shared = existsSync(ENGINES_FILE) ? /^MOTO_ENDPOINT=(.+)$/m.exec(readFileSync(ENGINES_FILE, "utf8"))?.[1] : undefined;
    endpoint = shared ?? "";
    if (!shared) {
      const port = await freePort();
      own = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
      endpoint = `http://127.0.0.1:${port}`;
    }
    await waitFor(`${endpoint}/moto-api/data.json`);
  }, 60000);

  afterAll(() => {
    if (own?.pid) own.kill("SIGTERM");
  });

  for (const stack of ["prod", AUDIT_STACK]) {
    it(`creates every metric-query alarm of ${stack} and reads back its queries, threshold metric and operator`, async () => {
      const json = stackJson(files, stack);
      const region = json.provider.aws[0].region;
      const alarms = Object.values(json.resource.aws_cloudwatch_metric_alarm as Record<string, any>).filter((a) => a.metric_query);
      const names = alarms.map((a) => a.alarm_name).sort();
      expect(names.filter((n) => n.endsWith("-anomaly")).length).toBeGreaterThan(0);
      expect(names.filter((n) => n.endsWith("-out-of-hours")).length).toBe(1); // prod only declares hours
      for (const alarm of alarms)
        await cloudwatch(endpoint, region, "PutMetricAlarm", putMetricAlarmInput(alarm, `arn:aws:sns:${region}:123456789012:alarms`));
      const described = await cloudwatch(endpoint, region, "DescribeAlarms", { AlarmNames: names });
      const byName = new Map<string, any>(described.MetricAlarms.map((a: any) => [a.AlarmName, a]));
      expect([...byName.keys()].sort()).toEqual(names);
      for (const alarm of alarms) {
        const back = byName.get(alarm.alarm_name)!;
        expect(back.Metrics.map((m: any) => m.Id)).toEqual(alarm.metric_query.map((q: any) => q.id));
        expect(back.ComparisonOperator).toBe(alarm.comparison_operator);
        if (alarm.alarm_name.endsWith("-anomaly")) {
          expect(back.ThresholdMetricId).toBe("ad1");
          expect(back.Metrics[1].Expression).toBe("ANOMALY_DETECTION_BAND(m1, 2)");
          expect(back.Metrics[0].MetricStat).toMatchObject({ Period: 3600, Stat: "Sum" });
        } else {
          const expression = back.Metrics[1].Expression as string;
          expect(expression).toBe(alarm.metric_query[1].expression);
          // Monday 12:00 UTC is 07:00 at -05:00 (out of hours); Monday 14:00 UTC is 09:00 (inside).
          const evaluate = compileMetricMath(expression);
          expect(evaluate({ day: 1, hour: 12, minute: 0, value: 3 })).toBe(3);
          expect(evaluate({ day: 1, hour: 14, minute: 0, value: 3 })).toBe(0);
          expect(back.Threshold).toBe(1);
        }
      }
    }, 60000);
  }
});
