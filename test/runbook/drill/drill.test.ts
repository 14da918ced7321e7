import { join } from "node:path";
import { planInventory } from "../../../lib/plan/inventory-plan";
import {
  DrillRefused,
  formatDrillJson,
  formatDrillText,
  planDrill,
  runDrill,
  type DatabaseLogin,
  type DrillVaultApi,
  type VaultStaticRoleTarget,
} from "../../../lib/runbook/drill";
import { cli } from "../../support/cli";
import { loadInventory } from "../../../lib/inventory/load";
import { fixturePath } from "../../support/inventories";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "inventories");
const inventory = loadInventory(fixturePath("drill.yaml"));
const inventoryPlan = planInventory(inventory);

/** An in-memory Vault that knows one static role and one AppRole consumer, recording requests. */
function fakeVault(options: { rotateStatus?: number } = {}) {
  let password = "old-pass-0000";
  const requests: string[] = [];
  const api: DrillVaultApi = {
    async request(method, path, opts = {}) {
      requests.push(`${method} ${path}${opts.token === null ? " (no token)" : opts.token ? " (consumer token)" : ""}`);
      if (path.endsWith("/static-creds/orders-pg-main")) return { status: 200, body: { data: { username: "orders_etl", password } } };
      if (path.endsWith("/rotate-role/orders-pg-main")) {
        if ((options.rotateStatus ?? 204) === 204) password = "new-pass-1111";
        return { status: options.rotateStatus ?? 204, body: undefined };
      }
      if (path.endsWith("/role-id")) return { status: 200, body: { data: { role_id: "rid" } } };
      if (path.endsWith("/secret-id")) return { status: 200, body: { data: { secret_id: "sid" } } };
      if (path.endsWith("/login")) return { status: 200, body: { auth: { client_token: "consumer-token" } } };
      if (path === "auth/token/revoke-self") return { status: 204, body: undefined };
      return { status: 404, body: undefined };
    },
  };
  return { api, requests, current: () => password };
}

/** A database that accepts exactly the current password (or every password, to simulate a broken rotation). */
function fakeDatabase(current: () => string, acceptsAll = false): DatabaseLogin {
  return async (_user, pass) => (acceptsAll || pass === current() ? "accepted" : "refused");
}

function tickingClock(step = 5) {
  let t = 1_000;
  return () => (t += step);
}

describe("drill plan (pure, from the inventory)", () => {
  it("refuses a production environment before anything else, naming the tier", () => {
    expect(() => planDrill(inventory, { connector: "orders-pg", environment: "prod" })).toThrow(DrillRefused);
    expect(() => planDrill(inventory, { connector: "orders-pg", environment: "prod" })).toThrow(/prod is production: drills are refused/);
  });

  it("refuses unknown environments, connectors and credentials", () => {
    expect(() => planDrill(inventory, { connector: "orders-pg", environment: "qa" })).toThrow(/unknown environment qa; drills run in: dev/);
    expect(() => planDrill(inventory, { connector: "nope", environment: "dev" })).toThrow(/unknown connector nope/);
    expect(() => planDrill(inventory, { connector: "orders-pg", environment: "dev", credential: "other" })).toThrow(
      /has no credential other/,
    );
  });

  it("plans a Vault static role: rotate-role, static-creds, an AppRole login per AppRole consumer, Kubernetes not checkable live", () => {
    const plan = planDrill(inventory, { connector: "orders-pg", environment: "dev" });
    expect(plan.identity).toEqual({ vaultPolicy: "dev-drill", vaultGroup: "dev-drillers" });
    expect(plan.targets).toEqual([
      {
        credential: "main",
        kind: "vault-static-role",
        address: "http://127.0.0.1:8200",
        namespace: "",
        databaseMount: "etl-dev/database",
        role: "orders-pg-main",
        rotatePath: "etl-dev/database/rotate-role/orders-pg-main",
        credsPath: "etl-dev/database/static-creds/orders-pg-main",
        database: { host: "orders-db.internal", port: 5432, database: "postgres", username: "orders_etl" },
        consumers: [
          {
            id: "orders-cdc",
            method: "kubernetes",
            check: "not-checkable-live",
            reason: "kubernetes login needs the workload's own identity token, which the drill cannot hold",
          },
          {
            id: "orders-nightly",
            method: "approle",
            check: "login",
            roleIdPath: "auth/etl-dev/approle/role/orders-nightly/role-id",
            secretIdPath: "auth/etl-dev/approle/role/orders-nightly/secret-id",
            loginPath: "auth/etl-dev/approle/login",
          },
        ],
      },
    ]);
  });

  it("plans a dynamic database through its AppRole consumer's session (creds per consumer role), Kubernetes not checkable live", () => {
    const plan = planDrill(loadInventory(fixturePath("acme.yaml")), { connector: "orders-postgres", environment: "dev" });
    expect(plan.targets).toEqual([
      {
        credential: "main",
        kind: "vault-dynamic-database",
        address: "https://vault.dev.acme.example:8200",
        namespace: "etl/dev",
        databaseMount: "database",
        database: { host: "orders-db.dev.internal", port: 5432, database: "orders" },
        consumers: [
          expect.objectContaining({
            id: "orders-cdc",
            check: "not-checkable-live",
            credsPath: "database/creds/orders-postgres-main-orders-cdc",
          }),
          expect.objectContaining({
            id: "orders-nightly",
            check: "login",
            secretIdPath: "auth/approle/role/orders-nightly/secret-id",
            credsPath: "database/creds/orders-postgres-main-orders-nightly",
          }),
        ],
      },
    ]);
  });

  it.each([
    ["drill.yaml", "legacy-ftp", "dev", /reminder: no store API rotates it/],
    ["acme.yaml", "warehouse-mtls", "dev", /issued per request/],
    ["realworld.yaml", "bigquery-export", "dev", /cloud role issued by a secrets engine/],
  ])("%s %s in %s is not drillable, with the reason", (file, connector, environment, reason) => {
    const plan = planDrill(loadInventory(fixturePath(file)), { connector, environment });
    expect(plan.targets.length).toBeGreaterThan(0);
    expect(plan.targets.every((t) => t.kind === "not-drillable")).toBe(true);
    expect(plan.targets.map((t) => (t.kind === "not-drillable" ? t.reason : "")).join("\n")).toMatch(reason);
  });
});

describe("drill run (fake stores)", () => {
  it("rotates, proves the old password refused, logs the AppRole consumer in, and reports timings without a value (exact bytes)", async () => {
    const vault = fakeVault();
    const plan = planDrill(inventory, { connector: "orders-pg", environment: "dev" });
    const report = await runDrill(plan, inventoryPlan, {
      vault: () => vault.api,
      database: () => fakeDatabase(vault.current),
      now: tickingClock(),
    });
    expect(vault.requests).toEqual([
      "GET etl-dev/database/static-creds/orders-pg-main",
      "POST etl-dev/database/rotate-role/orders-pg-main",
      "GET auth/etl-dev/approle/role/orders-nightly/role-id",
      "POST auth/etl-dev/approle/role/orders-nightly/secret-id",
      "POST auth/etl-dev/approle/login (no token)",
      "GET etl-dev/database/static-creds/orders-pg-main (consumer token)",
      "POST auth/token/revoke-self (consumer token)",
    ]);
    const json = formatDrillJson(report);
    expect(json).toBe(`{
  "format": "etl-secrets-drill/1",
  "organization": "acme-data",
  "environment": "dev",
  "connector": "orders-pg",
  "identity": {
    "vaultPolicy": "dev-drill",
    "vaultGroup": "dev-drillers"
  },
  "outcome": "passed",
  "credentials": [
    {
      "credential": "main",
      "kind": "vault-static-role",
      "result": "passed",
      "timings": {
        "rotatedMs": 5,
        "oldRefusedMs": 10,
        "consumersOkMs": 15,
        "totalMs": 20
      },
      "consumers": [
        {
          "id": "orders-cdc",
          "method": "kubernetes",
          "result": "not-checkable-live",
          "reason": "kubernetes login needs the workload's own identity token, which the drill cannot hold"
        },
        {
          "id": "orders-nightly",
          "method": "approle",
          "result": "logged-in",
          "ms": 15
        }
      ]
    }
  ]
}
`);
    const text = formatDrillText(report);
    expect(text).toBe(
      [
        "drill of orders-pg in dev (as dev-drillers, policy dev-drill): passed",
        "  main (vault-static-role): passed",
        "    rotated +5 ms, old value refused +10 ms, consumers ok +15 ms, total 20 ms",
        "    consumer orders-cdc (kubernetes): not-checkable-live - kubernetes login needs the workload's own identity token, which the drill cannot hold",
        "    consumer orders-nightly (approle): logged-in +15 ms",
        "",
      ].join("\n"),
    );
    for (const value of ["old-pass-0000", "new-pass-1111", "sid", "rid", "consumer-token"]) {
      expect(json).not.toContain(`"${value}"`);
      expect(text).not.toContain(value);
    }
  });

  it("fails the drill when the database still accepts the old password, and never counts a consumer", async () => {
    const vault = fakeVault();
    const plan = planDrill(inventory, { connector: "orders-pg", environment: "dev" });
    const report = await runDrill(plan, inventoryPlan, {
      vault: () => vault.api,
      database: () => fakeDatabase(vault.current, true),
      now: tickingClock(),
    });
    expect(report.outcome).toBe("failed");
    expect(report.credentials[0]).toMatchObject({
      result: "failed",
      reason: "the database still accepts the old password after the rotation",
    });
    expect(report.credentials[0]!.consumers).toBeUndefined();
  });

  it("fails when Vault refuses the rotation (the drill identity lacks the grant), naming the status", async () => {
    const vault = fakeVault({ rotateStatus: 403 });
    const plan = planDrill(inventory, { connector: "orders-pg", environment: "dev" });
    const report = await runDrill(plan, inventoryPlan, {
      vault: () => vault.api,
      database: () => fakeDatabase(vault.current),
      now: tickingClock(),
    });
    expect(report.credentials[0]).toMatchObject({
      result: "failed",
      reason: "etl-dev/database/rotate-role/orders-pg-main answered HTTP 403",
    });
  });

  it("reports a connector with nothing drillable as such, without building a client", async () => {
    const plan = planDrill(inventory, { connector: "legacy-ftp", environment: "dev" });
    const report = await runDrill(plan, inventoryPlan, {
      vault: () => {
        throw new Error("no client may be built");
      },
      database: () => {
        throw new Error("no database check may be built");
      },
      now: tickingClock(),
    });
    expect(report.outcome).toBe("nothing-drillable");
    expect(report.credentials).toEqual([
      {
        credential: "main",
        kind: "not-drillable",
        result: "not-drillable",
        reason: "rotated by a person on a reminder: no store API rotates it",
      },
    ]);
  });

  it("refuses again at run time when the target resolves to a production environment's static role, before any client is built", async () => {
    const plan = planDrill(inventory, { connector: "orders-pg", environment: "dev" });
    const target = plan.targets[0] as VaultStaticRoleTarget;
    // The same drill, resolved to prod's cluster, namespace and mount (as a stale or edited plan would be).
    const prod = inventoryPlan.environments.find((e) => e.name === "prod")!.vault!;
    const resolved = { ...plan, targets: [{ ...target, namespace: prod.namespace!, databaseMount: prod.mounts.database }] };
    const built: string[] = [];
    const deps = {
      vaultAddress: "https://VAULT.acme.example:8200/",
      vault: () => {
        built.push("vault");
        return fakeVault().api;
      },
      database: () => {
        built.push("database");
        return fakeDatabase(() => "");
      },
      now: tickingClock(),
    };
    await expect(runDrill(resolved, inventoryPlan, deps)).rejects.toThrow(/is production environment prod: drills are refused there/);
    expect(built).toEqual([]);
  });
});

/** An in-memory Vault issuing dynamic database leases per session; revoke-self drops the session's users after `lag` checks. */
function fakeDynamicVault(lag = 2) {
  const live = new Map<string, number>(); // user -> remaining accepted checks after revocation (Infinity while leased)
  const sessions = new Map<string, string[]>();
  let n = 0;
  const requests: string[] = [];
  const api: DrillVaultApi = {
    async request(method, path, opts = {}) {
      requests.push(`${method} ${path}`);
      if (path.endsWith("/role-id")) return { status: 200, body: { data: { role_id: "rid" } } };
      if (path.endsWith("/secret-id")) return { status: 200, body: { data: { secret_id: "sid" } } };
      if (path.endsWith("/login")) {
        const token = `session-${++n}`;
        sessions.set(token, []);
        return { status: 200, body: { auth: { client_token: token } } };
      }
      if (path.includes("/creds/") && typeof opts.token === "string") {
        const user = `v-user-${++n}`;
        live.set(user, Infinity);
        sessions.get(opts.token)!.push(user);
        return { status: 200, body: { data: { username: user, password: `pw-${user}` } } };
      }
      if (path === "auth/token/revoke-self" && typeof opts.token === "string") {
        for (const user of sessions.get(opts.token) ?? []) live.set(user, lag);
        return { status: 204, body: undefined };
      }
      return { status: 403, body: undefined };
    },
  };
  const login: DatabaseLogin = async (user, pass) => {
    const left = live.get(user);
    if (left === undefined || pass !== `pw-${user}` || left <= 0) return "refused";
    if (left !== Infinity) live.set(user, left - 1);
    return "accepted";
  };
  return { api, login, requests };
}

describe("dynamic database drill (fake stores)", () => {
  const plan = planDrill(inventory, { connector: "events-pg", environment: "dev" });

  it("takes a lease as the AppRole consumer, revokes it through the session's revoke-self, waits until the database refuses it, then a new lease works", async () => {
    const vault = fakeDynamicVault(2);
    const slept: number[] = [];
    const report = await runDrill(plan, inventoryPlan, {
      vault: () => vault.api,
      database: () => vault.login,
      now: tickingClock(),
      sleep: async (ms) => void slept.push(ms),
    });
    expect(vault.requests).toEqual([
      "GET auth/etl-dev/approle/role/events-load/role-id",
      "POST auth/etl-dev/approle/role/events-load/secret-id",
      "POST auth/etl-dev/approle/login",
      "GET etl-dev/database/creds/events-pg-main-events-load",
      "POST auth/token/revoke-self",
      "GET auth/etl-dev/approle/role/events-load/role-id",
      "POST auth/etl-dev/approle/role/events-load/secret-id",
      "POST auth/etl-dev/approle/login",
      "GET etl-dev/database/creds/events-pg-main-events-load",
      "POST auth/token/revoke-self",
    ]);
    expect(slept).toEqual([250, 250]);
    expect(report.credentials).toEqual([
      {
        credential: "main",
        kind: "vault-dynamic-database",
        result: "passed",
        timings: { revokedMs: 5, oldRefusedMs: 25, consumersOkMs: 30, totalMs: 35 },
        consumers: [{ id: "events-load", method: "approle", result: "logged-in", ms: 30 }],
      },
    ]);
    expect(JSON.stringify(report)).not.toMatch(/pw-|v-user-|session-/);
  });

  it("fails when the revoked lease still logs in past the deadline", async () => {
    const vault = fakeDynamicVault(Infinity);
    const report = await runDrill(plan, inventoryPlan, {
      vault: () => vault.api,
      database: () => vault.login,
      now: tickingClock(1000),
      sleep: async () => undefined,
      revocationDeadlineMs: 5000,
    });
    expect(report.outcome).toBe("failed");
    expect(report.credentials[0]).toMatchObject({
      result: "failed",
      reason: "consumer events-load: the database still accepts the revoked lease 5 s after its revocation",
    });
  });
});

describe("Secrets Manager drill (fake store)", () => {
  const acme = loadInventory(fixturePath("acme.yaml"));
  const acmePlan = planInventory(acme);
  const plan = planDrill(acme, { connector: "orders-archive-postgres", environment: "dev" });

  /** A secret whose rotation finishes after `steps` stage reads; the database accepts only the current password. */
  function fakeSecrets(steps = 2) {
    let versions: Record<string, string[]> = { v1: ["AWSCURRENT"] };
    const values: Record<string, string> = { v1: JSON.stringify({ username: "archiver", password: "old-0000" }) };
    let left = -1;
    const calls: string[] = [];
    return {
      calls,
      api: {
        async getSecretValue(id: string) {
          calls.push(`GetSecretValue ${id}`);
          const current = Object.entries(versions).find(([, s]) => s.includes("AWSCURRENT"))![0];
          return { versionId: current, value: values[current]! };
        },
        async rotateSecret(id: string) {
          calls.push(`RotateSecret ${id}`);
          versions = { v1: ["AWSCURRENT"], v2: ["AWSPENDING"] };
          values.v2 = JSON.stringify({ username: "archiver", password: "new-1111" });
          left = steps;
        },
        async versionStages(id: string) {
          calls.push(`DescribeSecret ${id}`);
          if (left > 0 && --left === 0) versions = { v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"] };
          return versions;
        },
      },
      login: (async (_u: string, p: string) => {
        const current = Object.entries(versions).find(([, s]) => s.includes("AWSCURRENT"))![0];
        return p === JSON.parse(values[current]!).password ? "accepted" : "refused";
      }) as DatabaseLogin,
    };
  }

  it("plans RotateSecret on the environment's secret; IAM consumers are not checkable live", () => {
    expect(plan.targets).toEqual([
      expect.objectContaining({
        kind: "aws-rotated-password",
        accountId: "111111111111",
        region: "eu-west-1",
        secretName: expect.stringMatching(/^acme-data\/dev\//),
      }),
    ]);
    const target = plan.targets[0] as Extract<(typeof plan.targets)[number], { kind: "aws-rotated-password" }>;
    expect(target.consumers.map((c) => `${c.id} ${c.method} ${c.check}`)).toEqual(["orders-archiver aws-iam not-checkable-live"]);
  });

  it("rotates, waits for AWSCURRENT to move with no AWSPENDING left, proves the old password refused and the new one accepted", async () => {
    const sm = fakeSecrets(2);
    const report = await runDrill(plan, acmePlan, {
      vault: () => {
        throw new Error("no Vault client for a Secrets Manager drill");
      },
      secretsManager: () => sm.api,
      database: () => sm.login,
      now: tickingClock(),
      sleep: async () => undefined,
    });
    const secret = (plan.targets[0] as { secretName: string }).secretName;
    expect(sm.calls).toEqual([
      `GetSecretValue ${secret}`,
      `RotateSecret ${secret}`,
      `DescribeSecret ${secret}`,
      `DescribeSecret ${secret}`,
      `GetSecretValue ${secret}`,
    ]);
    expect(report.credentials[0]).toMatchObject({
      kind: "aws-rotated-password",
      result: "passed",
      timings: { rotatedMs: 15, oldRefusedMs: 20, consumersOkMs: 25, totalMs: 30 },
    });
    expect(report.credentials[0]!.consumers).toEqual([expect.objectContaining({ id: "orders-archiver", result: "not-checkable-live" })]);
    expect(JSON.stringify(report)).not.toMatch(/old-0000|new-1111/);
  });

  it("fails when the rotation never finishes", async () => {
    const sm = fakeSecrets(Number.MAX_SAFE_INTEGER);
    const report = await runDrill(plan, acmePlan, {
      vault: () => sm.api as never,
      secretsManager: () => sm.api,
      database: () => sm.login,
      now: tickingClock(1000),
      sleep: async () => undefined,
      revocationDeadlineMs: 3000,
    });
    expect(report.credentials[0]).toMatchObject({
      result: "failed",
      reason: "the rotation did not finish within 3 s (AWSCURRENT still the old version or AWSPENDING left)",
    });
  });

  it("refuses at run time a secret that belongs to a production environment, before any client is built", async () => {
    const target = plan.targets[0] as Extract<(typeof plan.targets)[number], { kind: "aws-rotated-password" }>;
    const prod = acmePlan.environments.find((e) => e.name === "prod")!;
    const prodSecret = prod.credentials.find((c) => c.id === "orders-archive-postgres/main")!.aws!.secretName;
    const resolved = {
      ...plan,
      targets: [{ ...target, accountId: prod.aws!.accountId, region: prod.aws!.region, secretName: prodSecret }],
    };
    const built: string[] = [];
    await expect(
      runDrill(resolved, acmePlan, {
        vault: () => fakeVault().api,
        secretsManager: () => (built.push("sm"), fakeSecrets().api),
        database: () => (built.push("db"), fakeDatabase(() => "")),
        now: tickingClock(),
      }),
    ).rejects.toThrow(/belongs to production environment prod: drills are refused there/);
    expect(built).toEqual([]);
  });
});

describe("etl-secrets runbook --drill (CLI)", () => {
  const file = join(FIXTURES, "drill.yaml");
  const saved = { token: process.env.VAULT_TOKEN, address: process.env.VAULT_ADDR };
  afterEach(() => {
    for (const [key, value] of [
      ["VAULT_TOKEN", saved.token],
      ["VAULT_ADDR", saved.address],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it("exits 2 on a production tier before reading the token or making any network call", async () => {
    delete process.env.VAULT_TOKEN;
    const fetchSpy = jest.spyOn(globalThis, "fetch");
    try {
      const result = await cli("runbook", file, "orders-pg", "--drill", "prod");
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/drill refused: environment prod is production/);
      expect(result.err).not.toMatch(/VAULT_TOKEN/);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it("exits 2 without a drill token in a non-production environment", async () => {
    delete process.env.VAULT_TOKEN;
    const result = await cli("runbook", file, "orders-pg", "--drill", "dev");
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/VAULT_TOKEN is not set: the drill runs as a member of dev-drillers/);
  });

  it("prints the not-drillable report as JSON and exits 0 for a reminder credential", async () => {
    const result = await cli("runbook", file, "legacy-ftp", "--drill", "dev", "--format", "json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ format: "etl-secrets-drill/1", outcome: "nothing-drillable" });
  });

  it("rejects --credential without --drill and an unknown format", async () => {
    expect((await cli("runbook", file, "orders-pg", "--credential", "main")).code).toBe(2);
    expect((await cli("runbook", file, "orders-pg", "--drill", "dev", "--format", "yaml")).code).toBe(2);
  });
});
