/*
 * The AWS readers of `etl-secrets audit` against moto: a declared secret never retrieved (moto
 * omits LastAccessedDate, as AWS does for a secret never read), a shadow secret under the
 * environment's prefix, a secret of another environment (not read), and a shadow IAM role under the
 * environment's path beside the declared auditor role. A moto server of its own on loopback.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { auditFindings } from "../../../lib/audit/findings";
import { readIamRoleObservations } from "../../../lib/audit/readers/iam-roles";
import { readSecretsManagerObservations } from "../../../lib/audit/readers/secrets-manager";
import { assumeAuditor, auditorRoleArn } from "../../../lib/audit/readers/assume-role";
import { accessesFromAuditLines, readAuditLogGroup } from "../../../lib/audit/readers/audit-log";
import { openBaoAuditCorpus } from "../../support/openbao-audit-corpus";
import { mergeObservations } from "../../../lib/audit/run";
import type { Declared } from "../../../lib/audit/types";
import { callAwsQuery } from "../../../lib/rotation/aws-query-client";

const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };
const REGION = "eu-west-1";

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

let moto: ChildProcess | undefined;
let endpoint: string;

beforeAll(async () => {
  const port = await freePort();
  moto = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      await fetch(`${endpoint}/moto-api/data.json`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  process.env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
}, 60_000);
afterAll(() => {
  if (moto?.pid) process.kill(moto.pid, "SIGTERM");
});

async function secretsManager(action: string, body: unknown): Promise<void> {
  const { signRequest } = require("../../../lib/rotation/aws-sigv4") as typeof import("../../../lib/rotation/aws-sigv4");
  const text = JSON.stringify(body);
  const headers = signRequest(
    {
      method: "POST",
      url: `${endpoint}/`,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `secretsmanager.${action}` },
      body: text,
      service: "secretsmanager",
      region: REGION,
    },
    CREDENTIALS,
  );
  const response = await fetch(`${endpoint}/`, { method: "POST", headers, body: text });
  if (response.status !== 200) throw new Error(`${action}: ${response.status}`);
}

describe("the audit's AWS readers on moto", () => {
  it("report the dormant, shadow secret and shadow role, and never read another environment", async () => {
    for (const name of ["acme-data/prod/orders/main", "acme-data/prod/ghost/main", "acme-data/dev/orders/main"]) {
      await secretsManager("CreateSecret", { Name: name, SecretString: `planted-${name}` });
    }
    const iam = { url: `${endpoint}/`, service: "iam" as const, region: "us-east-1", version: "2010-05-08" };
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" }],
    });
    for (const [name, path] of [
      ["acme-data-prod.auditor", "/acme-data/prod/"],
      ["acme-data-prod-ghost", "/acme-data/prod/"],
      ["acme-data-dev.auditor", "/acme-data/dev/"],
    ]) {
      await callAwsQuery(iam, "CreateRole", { RoleName: name, Path: path, AssumeRolePolicyDocument: trust }, CREDENTIALS, 10_000);
    }

    const observed = mergeObservations([
      await readSecretsManagerObservations({ region: REGION, namePrefix: "acme-data/prod/", endpoint }),
      await readIamRoleObservations({ pathPrefix: "/acme-data/prod/", credentials: CREDENTIALS, url: `${endpoint}/` }),
    ]);
    expect(observed.unreadable).toEqual([]);
    expect(observed.items.map((i) => `${i.store} ${i.location}`).sort()).toEqual([
      "iam-role acme-data-prod-ghost",
      "iam-role acme-data-prod.auditor",
      "secrets-manager acme-data/prod/ghost/main",
      "secrets-manager acme-data/prod/orders/main",
    ]);
    const orders = observed.items.find((i) => i.location === "acme-data/prod/orders/main")!;
    expect(orders.created).toMatch(/^\d{4}-/);
    expect(orders.lastChange).toMatch(/^\d{4}-/);

    const declared: Declared = {
      environment: "prod",
      credentials: [
        {
          id: "orders/main",
          connector: "orders",
          credential: "main",
          store: "aws",
          state: "active",
          item: { store: "secrets-manager", location: "acme-data/prod/orders/main" },
          valueLocations: ["acme-data/prod/orders/main"],
          ownedLocations: [],
          dormancyDays: 30,
          reviewBy: "2999-01-01",
        },
      ],
      roles: [{ store: "iam-role", location: "ACME-DATA-PROD.AUDITOR" }],
      retained: [],
    };
    const now = new Date(Date.parse(orders.created!) + 45 * 86_400_000);
    const report = auditFindings(declared, observed, now);
    expect(report.findings.map((f) => `${f.kind} ${f.location} ${f.evidence.source}`)).toEqual([
      "dormant acme-data/prod/orders/main secrets-manager",
      "shadow-role acme-data-prod-ghost iam",
      "shadow-secret acme-data/prod/ghost/main secrets-manager",
    ]);
    expect(JSON.stringify(report)).not.toContain("planted-");
  });

  it("--assume-auditor: an STS session of the auditor role (path in its ARN) reads the same metadata", async () => {
    const roleArn = auditorRoleArn("aws", "123456789012", "/acme-data/prod/", "acme-data-prod.auditor");
    expect(roleArn).toBe("arn:aws:iam::123456789012:role/acme-data/prod/acme-data-prod.auditor");
    const session = await assumeAuditor({ roleArn, credentials: CREDENTIALS, url: `${endpoint}/` });
    expect(session.sessionToken).toBeTruthy();
    expect(session.accessKeyId).not.toBe(CREDENTIALS.accessKeyId);
    const observed = await readSecretsManagerObservations({
      region: REGION,
      namePrefix: "acme-data/prod/",
      endpoint,
      credentials: session,
    });
    expect(observed.unreadable).toEqual([]);
    expect(observed.items.map((i) => i.location).sort()).toEqual(["acme-data/prod/ghost/main", "acme-data/prod/orders/main"]);
  });

  it("reads value reads of its own namespace back from a cluster audit log group (real OpenBao lines shipped into moto)", async () => {
    const { signRequest } = require("../../../lib/rotation/aws-sigv4") as typeof import("../../../lib/rotation/aws-sigv4");
    const logs = async (action: string, body: unknown) => {
      const text = JSON.stringify(body);
      const headers = signRequest(
        {
          method: "POST",
          url: `${endpoint}/`,
          headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `Logs_20140328.${action}` },
          body: text,
          service: "logs",
          region: REGION,
        },
        CREDENTIALS,
      );
      const response = await fetch(`${endpoint}/`, { method: "POST", headers, body: text });
      if (!response.ok) throw new Error(`${action}: ${response.status} ${await response.text()}`);
    };
    const group = "/acme-data/etl-secrets/vault-audit/vault-acme-example";
    await logs("CreateLogGroup", { logGroupName: group });
    await logs("CreateLogStream", { logGroupName: group, logStreamName: "host-1" });
    const corpus = openBaoAuditCorpus();
    // CloudWatch stamps events with the agent's time; the corpus keeps OpenBao's own in the message.
    const base = Date.now() - 60_000;
    await logs("PutLogEvents", {
      logGroupName: group,
      logStreamName: "host-1",
      logEvents: corpus.map((line, i) => ({ timestamp: base + i, message: line.text })),
    });
    const valuePaths = new Set([
      "kv/data/connectors/orders-postgres/main",
      "kv/data/connectors/stripe-api/main",
      "kv/data/connectors/legacy-ftp/main",
    ]);
    const scope = { namespace: "etl/prod", valuePaths };
    const read = await readAuditLogGroup(
      { logGroupName: group, region: REGION, startTime: base - 1, endTime: Date.now() + 1, credentials: CREDENTIALS, url: `${endpoint}/` },
      scope,
    );
    expect(read.accesses).toEqual(
      accessesFromAuditLines(
        corpus.map((l) => l.text),
        scope,
      ),
    );
    expect(read.accesses.map((a) => a.location)).toEqual(["kv/data/connectors/legacy-ftp/main", "kv/data/connectors/orders-postgres/main"]);
  });
});
