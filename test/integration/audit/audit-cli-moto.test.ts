/*
 * `etl-secrets audit` end to end through the CLI on moto, for the shipped multi-env example's prod:
 * its Vault cluster ships the audit log to another account (444444444444). Real OpenBao 2.7.2 audit
 * lines (the committed corpus, re-timed to today: moto refuses events older than 14 days) are put
 * into the cluster's log group in that account; the CLI finds the group from the inventory's
 * `vault.audit`, assumes the audit stack's reader role and reads the group with FilterLogEvents.
 * AWS credentials come from a profile file only (the SDK's default chain), never from
 * AWS_ACCESS_KEY_ID in the environment. Vault is an empty stand-in on loopback (404 everywhere):
 * the Vault metadata readers are proven on OpenBao in test/live.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assumeAuditor } from "../../../lib/audit/readers/assume-role";
import { readAuditLogGroup } from "../../../lib/audit/readers/audit-log";
import { vaultAuditNames, vaultClusterKey } from "../../../lib/plan/names";
import { callAwsQuery } from "../../../lib/rotation/aws-query-client";
import { signRequest, type AwsCredentials } from "../../../lib/rotation/aws-sigv4";
import { cli } from "../../support/cli";
import { openBaoAuditCorpus } from "../../support/openbao-audit-corpus";

jest.setTimeout(180_000);

const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };
const REGION = "eu-west-1";
const INVENTORY = join(__dirname, "..", "..", "..", "examples", "multi-env", "connectors.yaml");
const AUDIT_ACCOUNT = "444444444444";
const GROUP = vaultAuditNames("acme-data", AUDIT_ACCOUNT, vaultClusterKey("https://vault.acme.example:8200")).logGroup;
const ENV_KEYS = [
  "VAULT_TOKEN",
  "VAULT_ADDR",
  "AWS_ENDPOINT_URL",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_CONFIG_FILE",
  "AWS_EC2_METADATA_DISABLED",
];

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
let vault: Server;
let vaultAddress: string;
let work: string;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const key of ENV_KEYS) saved[key] = process.env[key];
  work = mkdtempSync(join(tmpdir(), "audit-cli-moto-"));
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
  vault = createHttpServer((_, response) => {
    response.writeHead(404, { "content-type": "application/json" });
    response.end('{"errors":[]}');
  });
  await new Promise<void>((resolve) => vault.listen(0, "127.0.0.1", resolve));
  vaultAddress = `http://127.0.0.1:${(vault.address() as { port: number }).port}`;
}, 60_000);
afterAll(async () => {
  if (moto?.pid) process.kill(moto.pid, "SIGTERM");
  await new Promise((resolve) => vault?.close(resolve));
  rmSync(work, { recursive: true, force: true });
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

async function logs(action: string, body: unknown, credentials: AwsCredentials): Promise<any> {
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
    credentials,
  );
  const response = await fetch(`${endpoint}/`, { method: "POST", headers, body: text });
  const answer = await response.text();
  if (!response.ok) throw new Error(`${action}: ${response.status} ${answer}`);
  return answer ? JSON.parse(answer) : {};
}

/** The CLI with AWS credentials from a profile file only: the SDK's default chain. */
async function auditAsProfile(...extra: string[]) {
  for (const key of ENV_KEYS) delete process.env[key];
  const credentialsFile = join(work, "credentials");
  writeFileSync(
    credentialsFile,
    `[auditor]\naws_access_key_id = ${CREDENTIALS.accessKeyId}\naws_secret_access_key = ${CREDENTIALS.secretAccessKey}\n`,
  );
  writeFileSync(join(work, "config"), `[profile auditor]\nregion = ${REGION}\n`);
  Object.assign(process.env, {
    VAULT_TOKEN: "stand-in-token",
    VAULT_ADDR: vaultAddress,
    AWS_ENDPOINT_URL: endpoint,
    AWS_PROFILE: "auditor",
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_CONFIG_FILE: join(work, "config"),
    AWS_EC2_METADATA_DISABLED: "true",
  });
  return cli("audit", INVENTORY, "--environment", "prod", "--format", "json", ...extra);
}

describe("etl-secrets audit through the CLI on moto", () => {
  it("reads Vault dormancy and quarantine use from the cluster's shipped audit log in the audit account, through the reader role", async () => {
    // The group in the audit account (moto keeps accounts apart by the assumed role's account).
    const inAuditAccount = await assumeAuditor({
      roleArn: `arn:aws:iam::${AUDIT_ACCOUNT}:role/setup`,
      credentials: CREDENTIALS,
      url: `${endpoint}/`,
    });
    await logs("CreateLogGroup", { logGroupName: GROUP }, inAuditAccount);
    await logs("CreateLogStream", { logGroupName: GROUP, logStreamName: "vault-1" }, inAuditAccount);
    const nowIso = new Date().toISOString();
    const lines = openBaoAuditCorpus().map((line) => line.text.replace(/"time":"[^"]+"/, `"time":"${nowIso}"`));
    const stamp = Date.now() - 60_000;
    await logs(
      "PutLogEvents",
      { logGroupName: GROUP, logStreamName: "vault-1", logEvents: lines.map((message, i) => ({ timestamp: stamp + i, message })) },
      inAuditAccount,
    );
    // Not readable from the environment's own account: only through the reader role.
    await expect(
      readAuditLogGroup(
        { logGroupName: GROUP, region: REGION, startTime: 0, endTime: Date.now() + 1, credentials: CREDENTIALS, url: `${endpoint}/` },
        { namespace: "etl/prod", valuePaths: new Set() },
      ),
    ).rejects.toThrow(/ResourceNotFound/);

    // A shadow role under the environment's path: listed only with the default chain's credentials.
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" }],
    });
    await callAwsQuery(
      { url: `${endpoint}/`, service: "iam", region: "us-east-1", version: "2010-05-08" },
      "CreateRole",
      { RoleName: "acme-data-prod-ghost", Path: "/acme-data/prod/", AssumeRolePolicyDocument: trust },
      CREDENTIALS,
      10_000,
    );

    const today = nowIso.slice(0, 10);
    const result = await auditAsProfile("--now", today);
    // The inventory's own warnings may stand (multi-env's test environment has no AWS account for
    // the reminder checker); nothing else reaches stderr.
    expect(result.err.split("\n").filter((line) => line !== "" && !/: warning: /.test(line))).toEqual([]);
    const report = JSON.parse(result.out);
    expect(result.code).toBe(1);
    const found = report.findings.map((f: any) => `${f.kind} ${f.location} ${f.evidence.source}`);
    // legacy-ftp is quarantined in prod; OpenBao's lines show it read in etl/prod.
    expect(found).toContain("quarantined-accessed kv/metadata/connectors/legacy-ftp/main vault-audit-log");
    const quarantined = report.findings.find((f: any) => f.kind === "quarantined-accessed");
    expect(quarantined.evidence.date).toBe(nowIso);
    expect(found).toContain("shadow-role acme-data-prod-ghost iam");
    // The group covers the longest period: stripe-api (60 days, not read in prod) is judged, not unknown.
    const unknown = report.unknown.map((u: any) => `${u.location}: ${u.why}`);
    expect(unknown.filter((u: string) => /no access record covers|audit log group was not read|IAM roles not listed/.test(u))).toEqual([]);
    expect(result.out).not.toContain("hmac-sha256");
  });
});
