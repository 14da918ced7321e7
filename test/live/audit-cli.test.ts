/*
 * `etl-secrets audit` end to end as the auditor: OpenBao 2.7.2 (namespace etl/prod, the
 * synthesized prod-auditor policy, a token holding only it) and moto (Secrets Manager, IAM), with a
 * planted shadow KV key, shadow secret and shadow role. Exit 1, the three found, no value printed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditorPolicyDocument } from "../../lib/policy/vault/auditor-policy";
import { renderVaultPolicy } from "../../lib/policy/vault/policy-text";
import { planInventory } from "../../lib/plan/inventory-plan";
import { callAwsQuery } from "../../lib/rotation/aws-query-client";
import { signRequest } from "../../lib/rotation/aws-sigv4";
import { cli } from "../support/cli";
import { fixtureInventory, fixturePath } from "../support/inventories";
import { freePort, startOpenBao, type OpenBaoServer } from "../support/live/engines";

jest.setTimeout(180_000);

const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };
let bao: OpenBaoServer;
let moto: ChildProcess | undefined;
let motoUrl: string;
let work: string;

async function vault(
  method: string,
  path: string,
  token: string,
  namespace?: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${bao.address}/v1/${path}`, {
    method,
    headers: {
      "X-Vault-Token": token,
      ...(namespace ? { "X-Vault-Namespace": namespace } : {}),
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "live-audit-cli-"));
  bao = await startOpenBao([], work);
  const port = await freePort();
  moto = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  motoUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      await fetch(`${motoUrl}/moto-api/data.json`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
});
afterAll(async () => {
  if (moto?.pid) process.kill(moto.pid, "SIGTERM");
  await bao?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("etl-secrets audit on OpenBao and moto", () => {
  it("finds the planted shadow key, secret and role, exits 1 and prints no value", async () => {
    const root = bao.rootToken;
    const prod = planInventory(fixtureInventory("acme.yaml")).environments.find((e) => e.name === "prod")!;
    expect((await vault("POST", "sys/namespaces/etl", root)).status).toBe(200);
    expect((await vault("POST", "sys/namespaces/prod", root, "etl")).status).toBe(200);
    expect((await vault("POST", "sys/mounts/kv", root, "etl/prod", { type: "kv", options: { version: "2" } })).status).toBe(204);
    const policy = renderVaultPolicy(auditorPolicyDocument(prod, { kv: "kv", authMounts: [] }));
    expect((await vault("PUT", "sys/policies/acl/prod-auditor", root, "etl/prod", { policy })).status).toBe(204);
    expect(
      (await vault("POST", "kv/data/connectors/ghost/main", root, "etl/prod", { data: { value: "planted-vault-value" } })).status,
    ).toBe(200);
    const token = (
      await vault("POST", "auth/token/create", root, "etl/prod", { policies: ["prod-auditor"], no_default_policy: true, ttl: "10m" })
    ).body.auth.client_token as string;

    const body = JSON.stringify({ Name: "acme-data/prod/ghost/main", SecretString: "planted-aws-value" });
    const headers = signRequest(
      {
        method: "POST",
        url: `${motoUrl}/`,
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "secretsmanager.CreateSecret" },
        body,
        service: "secretsmanager",
        region: "eu-west-1",
      },
      CREDENTIALS,
    );
    expect((await fetch(`${motoUrl}/`, { method: "POST", headers, body })).status).toBe(200);
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" }],
    });
    await callAwsQuery(
      { url: `${motoUrl}/`, service: "iam", region: "us-east-1", version: "2010-05-08" },
      "CreateRole",
      { RoleName: "acme-data-prod-ghost", Path: "/acme-data/prod/", AssumeRolePolicyDocument: trust },
      CREDENTIALS,
      10_000,
    );

    const saved = { ...process.env };
    Object.assign(process.env, {
      VAULT_TOKEN: token,
      VAULT_ADDR: bao.address,
      AWS_ENDPOINT_URL: motoUrl,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
    });
    try {
      const result = await cli("audit", fixturePath("acme.yaml"), "--environment", "prod", "--format", "json", "--now", "2026-06-30");
      expect(result.err).not.toContain("planted-");
      expect(result.out).not.toContain("planted-");
      const report = JSON.parse(result.out);
      expect(result.code).toBe(1);
      expect(report.format).toBe("etl-secrets-audit/1");
      const found = report.findings.map((f: any) => `${f.kind} ${f.location}`);
      expect(found).toEqual(
        expect.arrayContaining([
          "shadow-secret kv/metadata/connectors/ghost/main",
          "shadow-secret acme-data/prod/ghost/main",
          "shadow-role acme-data-prod-ghost",
        ]),
      );
      // What the stores do not hold yet (nothing was applied) is unknown, never a finding.
      expect(found.filter((f: string) => /^(dormant|rotation-overdue)/.test(f))).toEqual([]);
      expect(report.unknown.length).toBeGreaterThan(0);
    } finally {
      for (const key of ["VAULT_TOKEN", "VAULT_ADDR", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });
});
