/*
 * Regenerates test/fixtures/openbao-audit/<version>.jsonl: REAL audit lines written by OpenBao's file
 * audit device (format json, log_raw false, hmac_accessor true: the options the library declares), while
 * a scripted set of scenarios runs against a dev server on loopback. Every line is kept as OpenBao wrote
 * it; a sidecar <version>.labels.json says, per line, which scenario and environment produced it. The
 * filter-pattern tests read both, so the patterns are judged on what the server writes, not on strings
 * the library made up.
 *
 *   npx tsx tools/openbao-audit-corpus.ts [--bao PATH] [--out DIR]
 *
 * Default binary: ~/.cache/cdktf-etl-secrets/openbao-<OPENBAO_VERSION>/bin/bao (obtain-live-engines.sh).
 * Values written by the scenarios are random per run and are checked absent from the output.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

const OPENBAO_VERSION =
  /OPENBAO_VERSION=([0-9.]+)/.exec(readFileSync(join(__dirname, "engines", "obtain-live-engines.sh"), "utf8"))?.[1] ?? "2.7.2";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const BAO = arg("--bao") ?? join(homedir(), ".cache", "cdktf-etl-secrets", `openbao-${OPENBAO_VERSION}`, "bin", "bao");
const OUT = arg("--out") ?? join(__dirname, "..", "test", "fixtures", "openbao-audit");

export interface CorpusLabel {
  /** 0-based line number in the .jsonl file. */
  readonly line: number;
  readonly scenario: string;
  /** The environment (namespace) the request was made in; "" for the root namespace. */
  readonly environment: string;
}

/** A throwaway CA certificate for the kubernetes auth config (never contacted: logins fail on the role first). */
function selfSignedCa(dir: string): string {
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=corpus-ca",
      "-keyout",
      join(dir, "ca.key"),
      "-out",
      join(dir, "ca.pem"),
    ],
    { stdio: "ignore" },
  );
  return readFileSync(join(dir, "ca.pem"), "utf8");
}

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

interface Call {
  readonly method: "GET" | "POST" | "PUT" | "LIST" | "DELETE";
  readonly path: string;
  readonly token?: string;
  readonly namespace?: string;
  readonly body?: unknown;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "openbao-audit-corpus-"));
  const auditFile = join(work, "audit.log");
  const port = await freePort();
  const rootToken = `root-${randomBytes(8).toString("hex")}`;
  writeFileSync(
    join(work, "server.hcl"),
    [
      `audit "file" "file" {`,
      `  options {`,
      `    file_path = ${JSON.stringify(auditFile)}`,
      `    format = "json"`,
      `    log_raw = "false"`,
      `    hmac_accessor = "true"`,
      `    mode = "0600"`,
      `  }`,
      `}`,
      "",
    ].join("\n"),
  );
  const addr = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(
    BAO,
    ["server", "-dev", `-dev-listen-address=127.0.0.1:${port}`, `-dev-root-token-id=${rootToken}`, `-config=${join(work, "server.hcl")}`],
    {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, HOME: work, BAO_ADDR: addr },
    },
  );
  let stderr = "";
  server.stderr!.on("data", (d) => (stderr += String(d)));
  const labels: CorpusLabel[] = [];
  const secrets: string[] = [rootToken];
  try {
    for (let i = 0; ; i++) {
      try {
        const r = await fetch(`${addr}/v1/sys/health`);
        if (r.ok) break;
      } catch {
        /* not up yet */
      }
      if (i > 100) throw new Error(`OpenBao did not start:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const lines = () =>
      readFileSync(auditFile, "utf8")
        .split("\n")
        .filter((l) => l.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    // What the dev server wrote on its own while starting (its audit test entry, minting the root token).
    let seen = lines().length;
    for (let i = 0; i < seen; i++) labels.push({ line: i, scenario: "server-start", environment: "" });

    async function call(scenario: string, environment: string, c: Call): Promise<{ status: number; json: any }> {
      const headers: Record<string, string> = { "content-type": "application/json" };
      headers["x-vault-token"] = c.token ?? rootToken;
      if (c.namespace) headers["x-vault-namespace"] = c.namespace;
      const r = await fetch(`${addr}/v1/${c.path}`, {
        method: c.method,
        headers,
        body: c.body === undefined ? undefined : JSON.stringify(c.body),
      });
      const text = await r.text();
      const all = lines();
      for (let i = seen; i < all.length; i++) labels.push({ line: i, scenario, environment });
      seen = all.length;
      return { status: r.status, json: text ? JSON.parse(text) : undefined };
    }
    async function must(scenario: string, environment: string, c: Call): Promise<any> {
      const r = await call(scenario, environment, c);
      if (r.status >= 400) throw new Error(`${c.method} ${c.path} (${scenario}): ${r.status} ${JSON.stringify(r.json)}`);
      return r.json;
    }

    // Setup with the root token: namespaces etl/prod and etl/staging, each with a KV v2 mount at kv,
    // approle, jwt and kubernetes auth, a consumer policy and an operator policy.
    await must("setup", "", { method: "POST", path: "sys/namespaces/etl" });
    const envs = ["prod", "staging"];
    const consumers: Record<string, { token: string; roleId: string; secretId: string; operator: string }> = {};
    for (const env of envs) {
      const ns = `etl/${env}`;
      await must("setup", "", { method: "POST", path: `sys/namespaces/${env}`, namespace: "etl" });
      await must("setup", env, { method: "POST", path: "sys/mounts/kv", namespace: ns, body: { type: "kv", options: { version: "2" } } });
      for (const connector of ["orders-postgres", "stripe-api", "legacy-ftp"]) {
        const value = randomBytes(12).toString("hex");
        secrets.push(value);
        // legacy-ftp is the quarantined credential: writing its value is an access too.
        await must(connector === "legacy-ftp" ? "quarantined-write" : "setup", env, {
          method: "POST",
          path: `kv/data/connectors/${connector}/main`,
          namespace: ns,
          body: { data: { password: value } },
        });
      }
      await must("setup", env, {
        method: "PUT",
        path: "sys/policies/acl/orders-loader",
        namespace: ns,
        body: {
          policy: `path "kv/data/connectors/orders-postgres/main" { capabilities = ["read"] }\npath "kv/metadata/connectors/orders-postgres/main" { capabilities = ["read"] }\n`,
        },
      });
      await must("setup", env, {
        method: "PUT",
        path: "sys/policies/acl/operator",
        namespace: ns,
        body: {
          policy: `path "kv/data/connectors/*" { capabilities = ["read"] }\npath "kv/metadata/connectors/*" { capabilities = ["read", "list"] }\n`,
        },
      });
      await must("setup", env, { method: "POST", path: "sys/auth/approle", namespace: ns, body: { type: "approle" } });
      await must("setup", env, {
        method: "POST",
        path: "auth/approle/role/orders-loader",
        namespace: ns,
        body: { token_policies: ["orders-loader"], secret_id_num_uses: 1 },
      });
      await must("setup", env, {
        method: "POST",
        path: "auth/approle/role/retired-loader",
        namespace: ns,
        body: { token_policies: ["orders-loader"] },
      });
      const roleId = (await must("setup", env, { method: "GET", path: "auth/approle/role/orders-loader/role-id", namespace: ns })).data
        .role_id as string;
      const retiredRoleId = (await must("setup", env, { method: "GET", path: "auth/approle/role/retired-loader/role-id", namespace: ns }))
        .data.role_id as string;
      const retiredSecretId = (
        await must("setup", env, { method: "POST", path: "auth/approle/role/retired-loader/secret-id", namespace: ns })
      ).data.secret_id as string;
      await must("setup", env, { method: "DELETE", path: "auth/approle/role/retired-loader", namespace: ns });
      const secretId = (await must("setup", env, { method: "POST", path: "auth/approle/role/orders-loader/secret-id", namespace: ns })).data
        .secret_id as string;
      secrets.push(roleId, retiredRoleId, retiredSecretId, secretId);
      await must("setup", env, { method: "POST", path: "sys/auth/jwt", namespace: ns, body: { type: "jwt" } });
      const { publicKey } = await import("node:crypto").then((c) =>
        c.generateKeyPairSync("ec", {
          namedCurve: "P-256",
          publicKeyEncoding: { type: "spki", format: "pem" },
          privateKeyEncoding: { type: "pkcs8", format: "pem" },
        }),
      );
      await must("setup", env, { method: "POST", path: "auth/jwt/config", namespace: ns, body: { jwt_validation_pubkeys: [publicKey] } });
      await must("setup", env, {
        method: "POST",
        path: "auth/jwt/role/etl-job",
        namespace: ns,
        body: { role_type: "jwt", user_claim: "sub", bound_audiences: ["etl"], token_policies: ["orders-loader"] },
      });
      await must("setup", env, { method: "POST", path: "sys/auth/kubernetes", namespace: ns, body: { type: "kubernetes" } });
      await must("setup", env, {
        method: "POST",
        path: "auth/kubernetes/role/etl-job",
        namespace: ns,
        body: { bound_service_account_names: ["etl"], bound_service_account_namespaces: ["etl"], token_policies: ["orders-loader"] },
      });
      await must("setup", env, {
        method: "POST",
        path: "auth/kubernetes/config",
        namespace: ns,
        body: { kubernetes_host: "https://127.0.0.1:1", disable_local_ca_jwt: true, kubernetes_ca_cert: selfSignedCa(work) },
      });
      const operator = (
        await must("setup", env, { method: "POST", path: "auth/token/create", namespace: ns, body: { policies: ["operator"], ttl: "10m" } })
      ).auth.client_token as string;
      secrets.push(operator);

      // A consumer logs in and reads its own credential: normal traffic.
      const login = await must("normal-login", env, {
        method: "POST",
        path: "auth/approle/login",
        namespace: ns,
        token: "",
        body: { role_id: roleId, secret_id: secretId },
      });
      const token = login.auth.client_token as string;
      secrets.push(token);
      consumers[env] = { token, roleId, secretId, operator };
      await must("normal-read", env, { method: "GET", path: "kv/data/connectors/orders-postgres/main", namespace: ns, token });
      await must("normal-metadata", env, { method: "GET", path: "kv/metadata/connectors/orders-postgres/main", namespace: ns, token });
      await must("normal-lookup-self", env, { method: "GET", path: "auth/token/lookup-self", namespace: ns, token });
      await must("normal-operator-list", env, { method: "LIST", path: "kv/metadata/connectors", namespace: ns, token: operator });

      // The consumer reads another connector's credential: permission denied.
      await call("permission-denied", env, { method: "GET", path: "kv/data/connectors/stripe-api/main", namespace: ns, token });
      // legacy-ftp is the quarantined credential: the consumer is refused, the operator is let through.
      await call("quarantined-denied", env, { method: "GET", path: "kv/data/connectors/legacy-ftp/main", namespace: ns, token });
      await must("quarantined-read", env, { method: "GET", path: "kv/data/connectors/legacy-ftp/main", namespace: ns, token: operator });

      // Logins to roles that no longer exist (or never did).
      await call("login-deleted-approle", env, {
        method: "POST",
        path: "auth/approle/login",
        namespace: ns,
        token: "",
        body: { role_id: retiredRoleId, secret_id: retiredSecretId },
      });
      await call("login-deleted-jwt", env, {
        method: "POST",
        path: "auth/jwt/login",
        namespace: ns,
        token: "",
        body: { role: "retired-job", jwt: "e30.e30.c2ln" },
      });
      await call("login-deleted-kubernetes", env, {
        method: "POST",
        path: "auth/kubernetes/login",
        namespace: ns,
        token: "",
        body: { role: "retired-job", jwt: "e30.e30.c2ln" },
      });
      // A bad token for a role that exists: a credential failure, not an unknown role.
      await call("login-bad-token-jwt", env, {
        method: "POST",
        path: "auth/jwt/login",
        namespace: ns,
        token: "",
        body: { role: "etl-job", jwt: "e30.e30.c2ln" },
      });
      await call("login-bad-token-kubernetes", env, {
        method: "POST",
        path: "auth/kubernetes/login",
        namespace: ns,
        token: "",
        body: { role: "etl-job", jwt: "e30.e30.c2ln" },
      });
      // A secret id used twice (secret_id_num_uses 1): not a deleted role.
      await call("login-used-secret-id", env, {
        method: "POST",
        path: "auth/approle/login",
        namespace: ns,
        token: "",
        body: { role_id: roleId, secret_id: secretId },
      });
    }
    // The root token reads a credential (break-glass by root: always alarmed).
    await must("root-read", "prod", { method: "GET", path: "kv/data/connectors/orders-postgres/main", namespace: "etl/prod" });
    await new Promise((r) => setTimeout(r, 300));
    const all = lines();
    for (let i = seen; i < all.length; i++) labels.push({ line: i, scenario: "unlabelled", environment: "" });
    const text = `${all.join("\n")}\n`;
    for (const s of secrets)
      if (s && text.includes(s))
        throw new Error("a value written by the scenarios appears in the audit log in clear: refusing to write the corpus");
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, `${OPENBAO_VERSION}.jsonl`), text);
    writeFileSync(join(OUT, `${OPENBAO_VERSION}.labels.json`), `${JSON.stringify({ openbao: OPENBAO_VERSION, labels }, null, 1)}\n`);
    console.log(`wrote ${all.length} audit lines (${OPENBAO_VERSION}) to ${OUT}`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
