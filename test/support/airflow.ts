/*
 * A real Apache Airflow in the tests (issue 15): the venv of tools/engines/obtain-airflow.sh, run
 * as one short python process per question (test/support/airflow/resolve_connections.py) with its
 * own AIRFLOW_HOME and SQLite, no scheduler, no daemon. It prints digests, never a value.
 * A missing Airflow throws: the suites that need it never skip.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { EnvironmentPlan } from "../../lib/plan/types";
import { CONN_URI_FIELD, type StoredRecord, type ToolConnection } from "../../lib/rotation/record-fields";
import { airflowSettings } from "../../lib/wire/airflow";

const REPO = resolve(__dirname, "../..");
const HELPER = join(__dirname, "airflow", "resolve_connections.py");

/** The venv python of tools/engines/obtain-airflow.sh, from .tools/engines.env (or AIRFLOW_PYTHON). */
export function airflowPython(): string {
  const file = join(REPO, ".tools", "engines.env");
  const fromFile = existsSync(file) ? /^AIRFLOW_PYTHON=(.+)$/m.exec(readFileSync(file, "utf8"))?.[1] : undefined;
  const python = process.env.AIRFLOW_PYTHON ?? fromFile;
  if (!python || !existsSync(python)) {
    throw new Error(
      `Airflow is missing (AIRFLOW_PYTHON=${python ?? ""}): run tools/engines/obtain-airflow.sh (tools/engines/start-integration.sh and tools/live/run.sh do)`,
    );
  }
  return python;
}

/** Airflow's `[secrets]` settings: the backend's class and its kwargs (JSON in airflow.cfg). */
export interface AirflowBackendSettings {
  readonly backend: string;
  readonly backend_kwargs: Readonly<Record<string, unknown>>;
}

/**
 * The settings a consumer's Airflow runs with: exactly what `etl-secrets wire --for airflow` prints
 * (lib/wire's airflowSettings, from the plan), plus what the job's launcher supplies at run time
 * (`runtime`: the live server's url or endpoint, the AppRole role and secret id). Every run-time
 * argument wire names must be supplied, and `connId`s the test resolves must be ones wire lists,
 * so the real Airflow proves the printed settings, not a copy of them.
 */
export function airflowBackendFor(
  plan: EnvironmentPlan,
  consumer: string,
  runtime: Readonly<Record<string, unknown>> = {},
  expectConnections: readonly string[] = [],
): AirflowBackendSettings {
  const settings = airflowSettings(plan, consumer);
  const missing = settings.runtimeKwargs.map((r) => r.kwarg).filter((kwarg) => !(kwarg in runtime) && kwarg !== "jwt_token_path");
  if (missing.length > 0) throw new Error(`wire names run-time arguments the test does not supply: ${missing.join(", ")}`);
  const listed = new Set(settings.connections.map((c) => c.connId));
  const unlisted = expectConnections.filter((id) => !listed.has(id));
  if (unlisted.length > 0)
    throw new Error(`wire does not list ${unlisted.join(", ")} for ${consumer} in ${plan.name} (it lists ${[...listed].join(", ")})`);
  return { backend: settings.backend, backend_kwargs: { ...settings.backendKwargs, ...runtime } };
}

/** What the helper prints for one connection: digests of every string that could be secret. */
export type ResolvedConnection =
  | {
      readonly found: true;
      readonly conn_type: string;
      readonly port: number | null;
      readonly login: string | null;
      readonly password: string | null;
      readonly host: string | null;
      readonly schema: string | null;
      readonly extra: Readonly<Record<string, string>>;
    }
  | { readonly found: false; readonly reason: string; readonly backend?: string };

export const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The facts Airflow must print for a connection (Airflow lower-cases a URI's host). */
export function expectedFacts(connection: ToolConnection, options: { lowerCaseHost?: boolean } = {}): ResolvedConnection {
  const d = (value: string | undefined) => (value === undefined || value === "" ? null : sha256(value));
  const host = connection.host !== undefined && options.lowerCaseHost ? connection.host.toLowerCase() : connection.host;
  return {
    found: true,
    conn_type: connection.conn_type,
    port: connection.port ?? null,
    login: d(connection.login),
    password: d(connection.password),
    host: d(host),
    schema: d(connection.schema),
    extra: Object.fromEntries(
      Object.entries(connection.extra ?? {})
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, sha256(v)]),
    ),
  };
}

function run(args: readonly string[], env: NodeJS.ProcessEnv, input?: string): string {
  const home = mkdtempSync(join(tmpdir(), "airflow-home-"));
  try {
    const out = execFileSync(airflowPython(), [HELPER, ...args], {
      input,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        AIRFLOW_HOME: home,
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${join(home, "airflow.db")}`,
        AIRFLOW__CORE__LOAD_EXAMPLES: "False",
        AIRFLOW__CORE__UNIT_TEST_MODE: "False",
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    }).toString();
    const lines = out.trim().split("\n");
    return lines[lines.length - 1];
  } catch (error) {
    // Airflow's stderr may quote a connection: only the exception lines' class names are shown.
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "");
    const classes = [
      ...new Set(
        stderr
          .split("\n")
          .map((line) => /^([A-Za-z_.]+(?:Error|Exception))\b/.exec(line)?.[1])
          .filter(Boolean),
      ),
    ];
    // eslint-disable-next-line preserve-caught-error -- the caught error carries Airflow's output, which may quote values
    throw new Error(
      `the Airflow helper failed (exit ${(error as { status?: number }).status ?? "?"}; ${classes.join(", ") || "no exception line"}); its output is not shown, it may quote values`,
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Resolves connection ids through Airflow's own lookup with `settings` as its secrets backend.
 * `env` adds process environment (AWS credentials and endpoint for the Secrets Manager backend).
 */
export function resolveThroughAirflow(
  settings: AirflowBackendSettings,
  connIds: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Record<string, ResolvedConnection> {
  const line = run(["resolve", ...connIds], {
    AIRFLOW__SECRETS__BACKEND: settings.backend,
    AIRFLOW__SECRETS__BACKEND_KWARGS: JSON.stringify(settings.backend_kwargs),
    ...env,
  });
  return JSON.parse(line) as Record<string, ResolvedConnection>;
}

/** Records read by Airflow's own parsing code (no server): the Vault backend's and the Secrets Manager backend's rules. */
export function parseWithAirflow(
  items: readonly { id: string; store: "vault" | "aws"; record: StoredRecord }[],
): Record<string, ResolvedConnection> {
  return JSON.parse(run(["parse"], {}, JSON.stringify(items))) as Record<string, ResolvedConnection>;
}

export { CONN_URI_FIELD };
