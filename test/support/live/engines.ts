/*
 * Engines of the live suite: OpenBao (a dev server per suite, started with the server
 * configuration the library emits) and PostgreSQL (tools/engines/start-postgres.sh, reused).
 * A missing engine throws: the live suite never skips.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO = resolve(__dirname, "../../..");

/** KEY=value lines of an env file. */
export function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) env[match[1]] = match[2];
  }
  return env;
}

/** `.tools/engines.env` of tools/engines/obtain-live-engines.sh; throws when an engine is missing. */
export function liveEngines(): { baoBin: string; baoVersion: string } {
  const file = join(REPO, ".tools", "engines.env");
  if (!existsSync(file))
    throw new Error(`${file} is missing: run tools/engines/obtain-live-engines.sh --only openbao (npm run test:live does)`);
  const env = readEnvFile(file);
  const baoBin = process.env.BAO_BIN ?? env.BAO_BIN;
  if (!baoBin || !existsSync(baoBin))
    throw new Error(`OpenBao is missing (BAO_BIN=${baoBin ?? ""}): run tools/engines/obtain-live-engines.sh --only openbao`);
  return { baoBin, baoVersion: env.OPENBAO_VERSION ?? "unknown" };
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => ok(port));
    });
  });
}

export interface OpenBaoServer {
  readonly address: string;
  readonly rootToken: string;
  readonly version: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

/**
 * `bao server -dev` on a free loopback port, with `-config=<file>` for each configuration text given
 * (the audit stanza the library emits). Waits until the server answers and is unsealed.
 */
export interface OpenBaoOptions {
  /** Run with a local syslog daemon (tools/live/openbao-with-syslog.sh) writing to this file. */
  readonly syslogFile?: string;
  /** CA certificate the server trusts for outgoing TLS (the test PostgreSQL's), via SSL_CERT_FILE. */
  readonly caFile?: string;
  /** @default a free port */
  readonly port?: number;
}

export async function startOpenBao(configs: readonly string[], workDir: string, options: OpenBaoOptions = {}): Promise<OpenBaoServer> {
  const { baoBin, baoVersion } = liveEngines();
  const port = options.port ?? (await freePort());
  const rootToken = "root";
  mkdirSync(workDir, { recursive: true });
  const args = ["server", "-dev", `-dev-root-token-id=${rootToken}`, `-dev-listen-address=127.0.0.1:${port}`];
  configs.forEach((text, i) => {
    const file = join(workDir, `server-config-${i}.hcl`);
    writeFileSync(file, text);
    args.push(`-config=${file}`);
  });
  const logFile = join(workDir, "openbao.log");
  const out = require("node:fs").openSync(logFile, "a");
  const env = { ...process.env, ...(options.caFile ? { SSL_CERT_FILE: options.caFile } : {}) };
  // Its own process group, so that stop() ends the server, the wrapper and the syslog sink together.
  const child: ChildProcess = options.syslogFile
    ? spawn(join(REPO, "tools/live/openbao-with-syslog.sh"), [options.syslogFile, baoBin, ...args], {
        stdio: ["ignore", out, out],
        env,
        detached: true,
      })
    : spawn(baoBin, args, { stdio: ["ignore", out, out], env, detached: true });
  const group = child.pid!;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-group, signal);
    } catch {
      // already gone
    }
  };
  const address = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  let exited: number | null = null;
  child.on("exit", (code) => (exited = code ?? -1));
  for (;;) {
    if (exited !== null) throw new Error(`OpenBao exited with ${exited} at start; its log:\n${readFileSync(logFile, "utf8").slice(-3000)}`);
    try {
      const response = await fetch(`${address}/v1/sys/health`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      signalGroup("SIGKILL");
      throw new Error(`OpenBao did not become healthy in 30 s; its log:\n${readFileSync(logFile, "utf8").slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const health = (await (await fetch(`${address}/v1/sys/health`)).json()) as { version: string };
  return {
    address,
    rootToken,
    version: health.version ?? baoVersion,
    logFile,
    stop: async () => {
      const done = exited !== null ? Promise.resolve() : new Promise((r) => child.once("exit", r));
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 10_000);
      await done;
      clearTimeout(timer);
      // Whatever of the group outlived the wrapper (the server, the sink).
      await new Promise((r) => setTimeout(r, 200));
      signalGroup("SIGKILL");
    },
  };
}

export interface Postgres {
  readonly host: string;
  readonly port: number;
  readonly adminUser: string;
  readonly adminPassword: string;
  readonly caFile: string;
  stop(): void;
}

/**
 * PostgreSQL 15 with TLS. When tools/live/run.sh started one, its details are in
 * LIVE_POSTGRES_ENV; otherwise this starts one with tools/engines/start-postgres.sh (and stops it).
 */
export function startPostgres(): Postgres {
  const given = process.env.LIVE_POSTGRES_ENV;
  if (given) {
    const env = readEnvFile(given);
    return {
      host: env.PG_HOST,
      port: Number(env.PG_PORT),
      adminUser: env.PG_ADMIN_USER,
      adminPassword: env.PG_ADMIN_PASSWORD,
      caFile: env.TLS_CA_FILE,
      stop: () => undefined,
    };
  }
  const stateDir = mkdtempSync(join(tmpdir(), "live-pg-state-"));
  const certDir = makeCertificates();
  execFileSync("bash", [join(REPO, "tools/engines/start-postgres.sh"), stateDir, certDir], { stdio: ["ignore", "ignore", "inherit"] });
  const env = readEnvFile(join(stateDir, "postgres.env"));
  return {
    host: env.PG_HOST,
    port: Number(env.PG_PORT),
    adminUser: env.PG_ADMIN_USER,
    adminPassword: env.PG_ADMIN_PASSWORD,
    caFile: join(certDir, "ca.pem"),
    stop: () => {
      execFileSync("bash", [join(REPO, "tools/engines/stop-postgres.sh"), stateDir], { stdio: "ignore" });
      rmSync(stateDir, { recursive: true, force: true });
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}

/** A throwaway CA and a server certificate for 127.0.0.1 (the same shape start-integration.sh makes). */
export function makeCertificates(): string {
  const dir = mkdtempSync(join(tmpdir(), "live-certs-"));
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  run([
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=etl-secrets live CA",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
  ]);
  run(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr"]);
  writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  run([
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    "server.ext",
    "-out",
    "server.pem",
  ]);
  execFileSync("chmod", ["755", dir]);
  execFileSync("bash", ["-c", `chmod 644 ${dir}/*.pem`]);
  return dir;
}

export interface MariaDb {
  readonly host: string;
  readonly port: number;
  readonly adminUser: string;
  readonly adminPassword: string;
  stop(): void;
}

/**
 * MariaDB with TLS (tools/engines/start-mariadb.sh), its server certificate taken from `certDir`
 * (server.pem, server.key, ca.pem): give it the PostgreSQL's, so OpenBao trusts both through one CA.
 */
export function startMariaDb(certDir: string): MariaDb {
  const stateDir = mkdtempSync(join(tmpdir(), "live-mariadb-state-"));
  execFileSync("bash", [join(REPO, "tools/engines/start-mariadb.sh"), stateDir, certDir], { stdio: ["ignore", "ignore", "inherit"] });
  const env = readEnvFile(join(stateDir, "mariadb.env"));
  return {
    host: env.MARIADB_HOST,
    port: Number(env.MARIADB_PORT),
    adminUser: env.MARIADB_ADMIN_USER,
    adminPassword: env.MARIADB_ADMIN_PASSWORD,
    stop: () => {
      execFileSync("bash", [join(REPO, "tools/engines/stop-mariadb.sh"), stateDir], { stdio: "ignore" });
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
