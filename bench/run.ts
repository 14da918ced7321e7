/*
 * Library versus hand-written cdktf: `npm run bench` (tsx bench/run.ts [sizes...]).
 *
 * For each size N (connectors per environment; default 100, 1,000 and 3,000) it runs, each in a
 * fresh process so that peak RSS belongs to one run:
 *   - library: bench/synth.ts's inventory (two environments), validated, planned, synthesized with
 *     the checks, written (lib/constructs/synthesize.ts);
 *   - baseline: plain cdktf that creates the SAME number of resources of the SAME types per stack,
 *     with literal configs and deep provider imports, no library code, then App.synth().
 * and prints one table: connectors, resources, library time, baseline time, ratio, peak RSS.
 * Measured, never asserted: nothing here fails on a slow machine.
 *
 *   npx tsx bench/run.ts [100 1000 3000] [--environments 2] [--consumers 200]
 *   npx tsx bench/run.ts --worker library|baseline <N> <counts.json> [--environments M] [--consumers K]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Resources per stack, by type: what the library synthesized, and the baseline must match. */
type Counts = Record<string, Record<string, number>>;

interface WorkerResult {
  readonly seconds: number;
  readonly resources: number;
  readonly peakRssMb: number;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

function countsOf(outDir: string): Counts {
  const counts: Counts = {};
  const stacks = join(outDir, "stacks");
  for (const stack of readdirSync(stacks).sort()) {
    const json = JSON.parse(readFileSync(join(stacks, stack, "cdk.tf.json"), "utf8"));
    counts[stack] = Object.fromEntries(Object.entries<Record<string, unknown>>(json.resource ?? {}).map(([type, byName]) => [type, Object.keys(byName).length]));
  }
  return counts;
}

const total = (counts: Counts) => Object.values(counts).reduce((n, byType) => n + Object.values(byType).reduce((a, b) => a + b, 0), 0);

/** Validate, plan, synthesize with checks, write: what `etl-secrets synth` does. */
function libraryWorker(connectors: number, environments: number, consumers: number, countsFile: string): WorkerResult {
  // Required lazily, so the baseline worker never loads library code.
  const { benchInventory } = require("./synth") as typeof import("./synth");
  const { validateDocument } = require("../lib/spec/validate") as typeof import("../lib/spec/validate");
  const { synthesizeInventory } = require("../lib/constructs/synthesize") as typeof import("../lib/constructs/synthesize");
  const document = benchInventory({ connectors, environments, consumers });
  const out = mkdtempSync(join(tmpdir(), "etl-secrets-bench-lib-"));
  const start = process.hrtime.bigint();
  const result = validateDocument(document);
  if (!result.inventory) throw new Error(`the generated inventory is invalid: ${JSON.stringify(result.issues.slice(0, 5))}`);
  synthesizeInventory(result.inventory, out);
  const elapsed = seconds(start);
  const counts = countsOf(out);
  writeFileSync(countsFile, JSON.stringify(counts));
  rmSync(out, { recursive: true, force: true });
  return { seconds: elapsed, resources: total(counts), peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** Plain cdktf: one stack per library stack, each type instantiated as often, literal configs. */
function baselineWorker(countsFile: string): WorkerResult {
  /* eslint-disable @typescript-eslint/no-var-requires */
  const { App, TerraformStack } = require("cdktf") as typeof import("cdktf");
  const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
  const counts = JSON.parse(readFileSync(countsFile, "utf8")) as Counts;
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "Read", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: ["arn:aws:secretsmanager:eu-west-1:111111111111:secret:x"] }],
  });
  const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: ["sts:AssumeRole"] }] });
  const bucket = (i: number) => `bench-bucket-${i}`;
  // type -> (deep import, literal config of the i-th instance)
  const factories: Record<string, [string, string, (i: number) => Record<string, unknown>]> = {
    aws_cloudtrail: ["cloudtrail", "Cloudtrail", (i) => ({ name: `trail-${i}`, s3BucketName: bucket(i), isMultiRegionTrail: true, enableLogFileValidation: true, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" })],
    aws_cloudwatch_dashboard: ["cloudwatch-dashboard", "CloudwatchDashboard", (i) => ({ dashboardName: `dash-${i}`, dashboardBody: JSON.stringify({ widgets: [{ type: "log", x: 0, y: 0, width: 24, height: 6, properties: { query: `fields @timestamp | filter id = ${i}`, region: "eu-west-1" } }] }) })],
    aws_cloudwatch_event_rule: ["cloudwatch-event-rule", "CloudwatchEventRule", (i) => ({ name: `rule-${i}`, eventPattern: JSON.stringify({ source: ["aws.secretsmanager"], "detail-type": ["AWS API Call via CloudTrail"] }) })],
    aws_cloudwatch_event_target: ["cloudwatch-event-target", "CloudwatchEventTarget", (i) => ({ rule: `rule-${i}`, targetId: `target-${i}`, arn: "arn:aws:sns:eu-west-1:1:t" })],
    aws_cloudwatch_log_group: ["cloudwatch-log-group", "CloudwatchLogGroup", (i) => ({ name: `/aws/lambda/fn-${i}`, retentionInDays: 365, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" })],
    aws_cloudwatch_log_metric_filter: ["cloudwatch-log-metric-filter", "CloudwatchLogMetricFilter", (i) => ({ name: `filter-${i}`, logGroupName: "/aws/cloudtrail/x", pattern: '{ $.eventSource = "secretsmanager.amazonaws.com" }', metricTransformation: { name: `m-${i}`, namespace: "bench", value: "1" } })],
    aws_cloudwatch_metric_alarm: ["cloudwatch-metric-alarm", "CloudwatchMetricAlarm", (i) => ({ alarmName: `alarm-${i}`, comparisonOperator: "GreaterThanOrEqualToThreshold", evaluationPeriods: 1, metricName: `m-${i}`, namespace: "bench", period: 300, statistic: "Sum", threshold: 1, alarmActions: ["arn:aws:sns:eu-west-1:1:t"] })],
    aws_iam_openid_connect_provider: ["iam-openid-connect-provider", "IamOpenidConnectProvider", (i) => ({ url: `https://issuer-${i}.example`, clientIdList: ["sts.amazonaws.com"] })],
    aws_iam_role: ["iam-role", "IamRole", (i) => ({ name: `role-${i}`, path: "/bench/", assumeRolePolicy: trust, maxSessionDuration: 3600, tags: { environment: "bench", consumer: `c-${i}` } })],
    aws_iam_role_policy: ["iam-role-policy", "IamRolePolicy", (i) => ({ name: `policy-${i}`, role: `role-${i}`, policy })],
    aws_kms_alias: ["kms-alias", "KmsAlias", (i) => ({ name: `alias/bench-${i}`, targetKeyId: `key-${i}` })],
    aws_kms_key: ["kms-key", "KmsKey", (i) => ({ description: `key ${i}`, enableKeyRotation: true, deletionWindowInDays: 30, policy })],
    aws_lambda_function: ["lambda-function", "LambdaFunction", (i) => ({ functionName: `fn-${i}`, role: "arn:aws:iam::1:role/r", filename: "fn.zip", sourceCodeHash: "abc", handler: "index.handler", runtime: "nodejs22.x", timeout: 60, memorySize: 256, tracingConfig: { mode: "Active" }, environment: { variables: { A: String(i) } } })],
    aws_lambda_permission: ["lambda-permission", "LambdaPermission", (i) => ({ statementId: "SecretsManagerRotation", action: "lambda:InvokeFunction", functionName: `fn-${i}`, principal: "secretsmanager.amazonaws.com", sourceAccount: "111111111111" })],
    aws_s3_bucket: ["s3-bucket", "S3Bucket", (i) => ({ bucket: bucket(i), objectLockEnabled: true })],
    aws_s3_bucket_lifecycle_configuration: ["s3-bucket-lifecycle-configuration", "S3BucketLifecycleConfiguration", (i) => ({ bucket: bucket(i), rule: [{ id: "r", status: "Enabled", filter: [{}], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] }] })],
    aws_s3_bucket_logging: ["s3-bucket-logging", "S3BucketLoggingA", (i) => ({ bucket: bucket(i), targetBucket: `${bucket(i)}-logs`, targetPrefix: "x/" })],
    aws_s3_bucket_object_lock_configuration: ["s3-bucket-object-lock-configuration", "S3BucketObjectLockConfigurationA", (i) => ({ bucket: bucket(i), rule: { defaultRetention: { mode: "GOVERNANCE", days: 90 } } })],
    aws_s3_bucket_ownership_controls: ["s3-bucket-ownership-controls", "S3BucketOwnershipControls", (i) => ({ bucket: bucket(i), rule: { objectOwnership: "BucketOwnerEnforced" } })],
    aws_s3_bucket_policy: ["s3-bucket-policy", "S3BucketPolicy", (i) => ({ bucket: bucket(i), policy })],
    aws_s3_bucket_public_access_block: ["s3-bucket-public-access-block", "S3BucketPublicAccessBlock", (i) => ({ bucket: bucket(i), blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true })],
    aws_s3_bucket_server_side_encryption_configuration: ["s3-bucket-server-side-encryption-configuration", "S3BucketServerSideEncryptionConfigurationA", (i) => ({ bucket: bucket(i), rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] })],
    aws_s3_bucket_versioning: ["s3-bucket-versioning", "S3BucketVersioningA", (i) => ({ bucket: bucket(i), versioningConfiguration: { status: "Enabled" } })],
    aws_secretsmanager_secret: ["secretsmanager-secret", "SecretsmanagerSecret", (i) => ({ name: `bench/env/connector-${i}/main`, description: `Benchmark connector ${i}`, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k", recoveryWindowInDays: 30, tags: { owner: "platform", sensitivity: "high" } })],
    aws_secretsmanager_secret_policy: ["secretsmanager-secret-policy", "SecretsmanagerSecretPolicy", (i) => ({ secretArn: `arn:aws:secretsmanager:eu-west-1:1:secret:bench/${i}`, policy })],
    aws_secretsmanager_secret_rotation: ["secretsmanager-secret-rotation", "SecretsmanagerSecretRotation", (i) => ({ secretId: `bench/${i}`, rotationLambdaArn: "arn:aws:lambda:eu-west-1:1:function:fn", rotationRules: { automaticallyAfterDays: 30 } })],
    aws_sns_topic: ["sns-topic", "SnsTopic", (i) => ({ name: `topic-${i}`, kmsMasterKeyId: "arn:aws:kms:eu-west-1:1:key/k" })],
    aws_sns_topic_policy: ["sns-topic-policy", "SnsTopicPolicy", (i) => ({ arn: `arn:aws:sns:eu-west-1:1:topic-${i}`, policy })],
    aws_sns_topic_subscription: ["sns-topic-subscription", "SnsTopicSubscription", (i) => ({ topicArn: `arn:aws:sns:eu-west-1:1:topic-${i}`, protocol: "email", endpoint: `owner-${i}@bench.example` })],
    aws_sqs_queue: ["sqs-queue", "SqsQueue", (i) => ({ name: `queue-${i}`, kmsMasterKeyId: "arn:aws:kms:eu-west-1:1:key/k", messageRetentionSeconds: 1209600 })],
  };
  const missing = [...new Set(Object.values(counts).flatMap((byType) => Object.keys(byType)))].filter((type) => !factories[type]);
  if (missing.length > 0) throw new Error(`the baseline has no literal config for ${missing.join(", ")}: add it to bench/run.ts`);

  const out = mkdtempSync(join(tmpdir(), "etl-secrets-bench-base-"));
  const start = process.hrtime.bigint();
  const app = new App({ outdir: out });
  const classes = new Map<string, any>();
  for (const [stackName, byType] of Object.entries(counts)) {
    const stack = new TerraformStack(app, stackName);
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    for (const [type, count] of Object.entries(byType)) {
      const [module, className, config] = factories[type];
      if (!classes.has(type)) classes.set(type, require(`@cdktf/provider-aws/lib/${module}`)[className]);
      const Resource = classes.get(type);
      for (let i = 0; i < count; i++) new Resource(stack, `${type}-${i}`, config(i));
    }
  }
  app.synth();
  const elapsed = seconds(start);
  const written = countsOf(out);
  rmSync(out, { recursive: true, force: true });
  return { seconds: elapsed, resources: total(written), peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

function option(argv: string[], name: string, fallback: number): number {
  const index = argv.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(argv[index + 1]);
  argv.splice(index, 2);
  return value;
}

function runWorker(kind: string, args: string[]): WorkerResult {
  const run = spawnSync(process.execPath, [...process.execArgv, __filename, "--worker", kind, ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=8192`.trim() },
  });
  if (run.status !== 0) throw new Error(`${kind} worker failed (exit ${run.status}):\n${run.stderr.slice(-3000)}`);
  const line = run.stdout.trim().split("\n").pop()!;
  return JSON.parse(line) as WorkerResult;
}

function main(argv: string[]): void {
  if (argv[0] === "--worker") {
    const [, kind, n, countsFile, ...rest] = argv;
    const environments = option(rest, "--environments", 2);
    const consumers = option(rest, "--consumers", 200);
    const result = kind === "library" ? libraryWorker(Number(n), environments, consumers, countsFile) : baselineWorker(countsFile);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const environments = option(argv, "--environments", 2);
  const consumers = option(argv, "--consumers", 200);
  const sizes = argv.length > 0 ? argv.map(Number) : [100, 1000, 3000];
  const work = mkdtempSync(join(tmpdir(), "etl-secrets-bench-run-"));
  const rows: string[][] = [];
  try {
    for (const n of sizes) {
      const countsFile = join(work, `counts-${n}.json`);
      const extra = ["--environments", String(environments), "--consumers", String(consumers)];
      const library = runWorker("library", [String(n), countsFile, ...extra]);
      const baseline = runWorker("baseline", [String(n), countsFile, ...extra]);
      if (baseline.resources !== library.resources) throw new Error(`baseline made ${baseline.resources} resources, the library ${library.resources}`);
      rows.push([
        String(n),
        String(library.resources),
        `${library.seconds.toFixed(2)} s`,
        `${baseline.seconds.toFixed(2)} s`,
        `${(library.seconds / baseline.seconds).toFixed(2)}x`,
        `${library.peakRssMb.toFixed(0)} MB / ${baseline.peakRssMb.toFixed(0)} MB`,
      ]);
      process.stderr.write(`done: ${n} connectors per environment\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const header = ["connectors/env", "resources", "library", "baseline", "ratio", "peak RSS (library / baseline)"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(`environments: ${environments}, consumers: ${consumers}; library = validate + plan + synth + checks + write; baseline = plain cdktf, same resource types and counts per stack`);
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

if (require.main === module) main(process.argv.slice(2));
