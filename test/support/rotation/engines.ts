import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Connection details written by tools/engines/start-integration.sh. */
export interface Engines {
  readonly caFile: string;
  readonly otherCaFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  readonly postgres: { host: string; port: number; adminUser: string; adminPassword: string; logFile: string };
  readonly mariadb: { host: string; port: number; adminUser: string; adminPassword: string; logFile: string };
  readonly moto: { endpoint: string; lambdaRoleArn: string; lambdaLog: string };
}

const ENGINES_FILE = join(__dirname, "..", "..", "..", ".state", "integration", "engines.env");

/** Reads the engines file; a missing engine is a failure, never a skip. */
export function loadEngines(): Engines {
  if (!existsSync(ENGINES_FILE)) {
    throw new Error(`${ENGINES_FILE} is missing: run "bash tools/engines/start-integration.sh" (npm run test:integration does)`);
  }
  const values: Record<string, string> = {};
  for (const line of readFileSync(ENGINES_FILE, "utf8").split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) values[match[1]] = match[2];
  }
  const need = (key: string) => {
    const value = values[key];
    if (!value) throw new Error(`${ENGINES_FILE} has no ${key}: the engines did not start`);
    return value;
  };
  return {
    caFile: need("TLS_CA_FILE"),
    otherCaFile: need("TLS_OTHER_CA_FILE"),
    serverCertFile: need("TLS_SERVER_CERT_FILE"),
    serverKeyFile: need("TLS_SERVER_KEY_FILE"),
    postgres: {
      host: need("PG_HOST"),
      port: Number(need("PG_PORT")),
      adminUser: need("PG_ADMIN_USER"),
      adminPassword: need("PG_ADMIN_PASSWORD"),
      logFile: need("PG_LOG_FILE"),
    },
    mariadb: {
      host: need("MARIADB_HOST"),
      port: Number(need("MARIADB_PORT")),
      adminUser: need("MARIADB_ADMIN_USER"),
      adminPassword: need("MARIADB_ADMIN_PASSWORD"),
      logFile: need("MARIADB_LOG_FILE"),
    },
    moto: { endpoint: need("MOTO_ENDPOINT"), lambdaRoleArn: need("MOTO_LAMBDA_ROLE_ARN"), lambdaLog: need("MOTO_LAMBDA_LOG") },
  };
}

/** Run counts: CI=true keeps the suite within a few minutes; otherwise the full counts. */
export function runCount(ci: number, full: number): number {
  const override = process.env.ROTATION_PROPERTY_RUNS;
  if (override) return Number(override);
  return process.env.CI === "true" ? ci : full;
}
