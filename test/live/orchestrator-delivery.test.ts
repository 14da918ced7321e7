/**
 * Live verification of secret-id delivery (issue 15, part 3) against a real OpenBao: the fixture
 * test/fixtures/live/orchestrator.yaml synthesized by the CLI and applied with the live applier.
 * The orchestrator logs in with its own identity token, reads the role id of the consumer it lists
 * and mints it a response-wrapped secret id; the job unwraps it and logs in once (a second login
 * with the same secret id fails: secret_id_num_uses 1). Every request beyond the mint shape is
 * refused by the server: unwrapped, wrapped longer than the bound, with a widening parameter, for a
 * consumer it does not list, and any read of a credential. The breach simulator finds no violation.
 */
import { join } from "node:path";
import { loadAccessModel } from "../../lib/analysis/access-model";
import { simulate } from "../../lib/analysis/simulate";
import { orchestratorWiring, planInventory } from "../../lib/plan";
import { loadInventory } from "../../lib/inventory/load";
import { REPO } from "../support/live/engines";
import { JWT_AUDIENCE, randomSecret, setUpLiveEnvironment, type LiveEnvironment } from "../support/live/live-env";

jest.setTimeout(600_000);

const log = (line: string) => process.stderr.write(`[live] ${line}\n`);
let live: LiveEnvironment;
let orchestratorToken: string;
let wiring: ReturnType<typeof orchestratorWiring>;
let canary: string;

interface Answer {
  readonly status: number;
  readonly body: any;
}

/** One request as a job would send it, with response wrapping when asked for. */
async function call(method: string, path: string, options: { token?: string; wrapTtl?: string; body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers["X-Vault-Token"] = options.token;
  if (options.wrapTtl) headers["X-Vault-Wrap-TTL"] = options.wrapTtl;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${live.bao.address}/v1/${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  live = await setUpLiveEnvironment(log, { fixture: join(REPO, "test/fixtures/live/orchestrator.yaml") });
  const plan = planInventory(loadInventory(live.inventoryFile));
  wiring = orchestratorWiring(plan, "airflow-scheduler", "dev");
  // The credentials as `seed` would write them (root stands in): a value the orchestrator must never see.
  canary = randomSecret("canary");
  live.secrets.push(canary);
  for (const credential of plan.environments[0].credentials) {
    await live.root.write(credential.vault!.dataPath, { options: { cas: 0 }, data: { apiKey: canary } });
  }
  const login = await call("POST", wiring.login.path, {
    body: {
      role: wiring.login.role,
      jwt: live.mintJwt({ sub: "system:serviceaccount:airflow:scheduler", aud: JWT_AUDIENCE, iss: "https://ci.live-etl.example" }),
    },
  });
  expect(login.status).toBe(200);
  orchestratorToken = login.body.auth.client_token;
  live.secrets.push(orchestratorToken);
});

afterAll(async () => {
  await live?.stop();
});

describe("GIVEN the orchestrator logged in with its own identity", () => {
  it("carries only its own policy", async () => {
    const self = await call("GET", "auth/token/lookup-self", { token: orchestratorToken });
    expect(self.status).toBe(200);
    expect([...self.body.data.policies].sort()).toEqual(["default", wiring.policy]);
  });

  it("THEN it mints a wrapped secret id for its consumer, which the job unwraps and uses exactly once", async () => {
    const consumer = wiring.consumers[0];
    expect(consumer.consumer).toBe("payments-ingest");
    const roleId = await call("GET", consumer.roleIdPath, { token: orchestratorToken });
    expect(roleId.status).toBe(200);
    const minted = await call("POST", consumer.secretIdPath, {
      token: orchestratorToken,
      wrapTtl: "60s",
      body: { metadata: JSON.stringify({ run: "live-1" }) },
    });
    expect(minted.status).toBe(200);
    // Wrapped: the response carries a wrapping token, not the secret id.
    expect(minted.body.data).toBeNull();
    expect(minted.body.wrap_info.creation_path).toBe(consumer.secretIdPath);
    expect(minted.body.wrap_info.ttl).toBe(60);
    const wrapToken = minted.body.wrap_info.token as string;
    live.secrets.push(wrapToken);

    // The job: unwrap once (a second unwrap fails: the wrapping token is single-use too).
    const unwrapped = await call("POST", "sys/wrapping/unwrap", { token: wrapToken });
    expect(unwrapped.status).toBe(200);
    const secretId = unwrapped.body.data.secret_id as string;
    live.secrets.push(secretId);
    expect((await call("POST", "sys/wrapping/unwrap", { token: wrapToken })).status).toBeGreaterThanOrEqual(400);

    const first = await call("POST", consumer.loginPath, { body: { role_id: roleId.body.data.role_id, secret_id: secretId } });
    expect(first.status).toBe(200);
    const jobToken = first.body.auth.client_token as string;
    live.secrets.push(jobToken);
    const second = await call("POST", consumer.loginPath, { body: { role_id: roleId.body.data.role_id, secret_id: secretId } });
    expect(second.status).toBeGreaterThanOrEqual(400);

    // The job reads its own credential with its own token.
    const plan = planInventory(loadInventory(live.inventoryFile)).environments[0];
    const own = plan.credentials.find((c) => c.connectorId === "payments-api")!;
    const read = await call("GET", own.vault!.dataPath, { token: jobToken });
    expect(read.status).toBe(200);
    expect(read.body.data.data.apiKey).toBe(canary);
  });

  it.each([
    ["without response wrapping", {}],
    ["with a wrapping TTL over the bound (10m > 5m)", { wrapTtl: "600s" }],
    ["with num_uses (unlimited uses)", { wrapTtl: "60s", body: { num_uses: 0 } }],
    ["with a longer ttl", { wrapTtl: "60s", body: { ttl: "87600h" } }],
    ["with its own cidr_list", { wrapTtl: "60s", body: { cidr_list: "0.0.0.0/0" } }],
  ])("THEN minting %s is refused", async (_what, options: { wrapTtl?: string; body?: unknown }) => {
    const answer = await call("POST", wiring.consumers[0].secretIdPath, { token: orchestratorToken, ...options });
    expect(answer.status).toBe(403);
  });

  it("THEN minting for a consumer it does not list, or reading that role id, is refused", async () => {
    const other = wiring.consumers[0].secretIdPath.replace("payments-ingest", "reports-job");
    expect((await call("POST", other, { token: orchestratorToken, wrapTtl: "60s" })).status).toBe(403);
    expect((await call("GET", other.replace(/secret-id$/, "role-id"), { token: orchestratorToken })).status).toBe(403);
    // The role exists: root reaches it (the refusal is the policy's, not a missing role).
    expect((await live.root.raw("GET", other.replace(/secret-id$/, "role-id"))).status).toBe(200);
  });

  it("THEN reading any credential is refused, its consumers' included", async () => {
    const plan = planInventory(loadInventory(live.inventoryFile)).environments[0];
    expect(plan.credentials.length).toBe(2);
    for (const credential of plan.credentials) {
      for (const path of [credential.vault!.dataPath, credential.vault!.metadataPath]) {
        const answer = await call("GET", path, { token: orchestratorToken });
        expect([path, answer.status]).toEqual([path, 403]);
      }
    }
  });

  it("AND the breach simulator finds no violation and every declared mint met in the applied synth", () => {
    const result = simulate(loadAccessModel(live.synthDir));
    expect(result.violations).toEqual([]);
    expect(result.unmetIntent).toEqual([]);
    expect(result.decisions.mints?.intended).toBe(2);
  });

  it("AND no secret of the run appears in the audit log in clear", () => {
    const audit = require("node:fs").readFileSync(live.auditFile, "utf8") as string;
    expect(audit.length).toBeGreaterThan(0);
    for (const secret of live.secrets) expect(audit.includes(secret)).toBe(false);
  });
});
