/*
 * Runs a planned drill through the stores' own APIs. Vault static role: read the password the
 * drill identity may read (kept in memory only), `rotate-role`, prove the old password is refused
 * by the database, then for each declared AppRole consumer read its role id, mint one secret id,
 * log in exactly as the consumer does, read the static role's password with the consumer's token
 * and log into the database with it (the minted secret id is single-use, five minutes; the
 * consumer's token is revoked after the check). Nothing a stack manages is written (the recording client lets a
 * test prove it). No value is ever put into the report: only outcomes, HTTP statuses and timings.
 */
import type { InventoryPlan } from "../../plan/types";
import type { DatabaseLogin, DrillVaultApi } from "./clients";
import { DrillRefused, productionClash, type DrillPlan, type VaultStaticRoleTarget } from "./plan";

export const DRILL_FORMAT = "etl-secrets-drill/1";

export interface DrillConsumerResult {
  readonly id: string;
  readonly method: string;
  readonly result: "logged-in" | "failed" | "not-checkable-live";
  /** Milliseconds from the credential's start until this consumer logged into the database. */
  readonly ms?: number;
  readonly reason?: string;
}

export interface DrillCredentialResult {
  readonly credential: string;
  readonly kind: string;
  readonly result: "passed" | "failed" | "not-drillable";
  readonly reason?: string;
  /** Milliseconds from the credential's start (t0). */
  readonly timings?: { readonly rotatedMs?: number; readonly oldRefusedMs?: number; readonly consumersOkMs?: number; readonly totalMs: number };
  readonly consumers?: readonly DrillConsumerResult[];
}

export interface DrillReport {
  readonly format: typeof DRILL_FORMAT;
  readonly organization: string;
  readonly environment: string;
  readonly connector: string;
  readonly identity: { readonly vaultPolicy: string; readonly vaultGroup: string };
  /** `passed` when every drillable credential passed; `nothing-drillable` when none was drillable. */
  readonly outcome: "passed" | "failed" | "nothing-drillable";
  readonly credentials: readonly DrillCredentialResult[];
}

export interface DrillDeps {
  /** The Vault address actually used (VAULT_ADDR), when it differs from the inventory's. */
  readonly vaultAddress?: string;
  /** Builds the drill's Vault client for a resolved target (called only after the production check). */
  readonly vault: (target: { address: string; namespace: string }) => DrillVaultApi;
  /** The database login check of a target. */
  readonly database: (target: VaultStaticRoleTarget) => DatabaseLogin;
  /** Milliseconds; injectable for reproducible reports. */
  readonly now: () => number;
}

class StepFailed extends Error {}

export async function runDrill(plan: DrillPlan, inventoryPlan: InventoryPlan, deps: DrillDeps): Promise<DrillReport> {
  // The second refusal: where the target actually resolves, before any client is built.
  for (const target of plan.targets) {
    if (target.kind !== "vault-static-role") continue;
    const address = deps.vaultAddress ?? target.address;
    const clash = productionClash(inventoryPlan, { address, namespace: target.namespace, databaseMount: target.databaseMount });
    if (clash) throw new DrillRefused(`credential ${target.credential}: ${address} namespace "${target.namespace}" mount ${target.databaseMount} is production environment ${clash}: drills are refused there`);
  }
  const credentials: DrillCredentialResult[] = [];
  for (const target of plan.targets) {
    if (target.kind === "not-drillable") {
      credentials.push({ credential: target.credential, kind: target.kind, result: "not-drillable", reason: target.reason });
      continue;
    }
    const address = deps.vaultAddress ?? target.address;
    credentials.push(await drillStaticRole(target, deps.vault({ address, namespace: target.namespace }), deps.database(target), deps.now));
  }
  const drilled = credentials.filter((c) => c.result !== "not-drillable");
  const outcome = drilled.length === 0 ? "nothing-drillable" : drilled.every((c) => c.result === "passed") ? "passed" : "failed";
  return { format: DRILL_FORMAT, organization: plan.organization, environment: plan.environment, connector: plan.connector, identity: plan.identity, outcome, credentials };
}

async function drillStaticRole(target: VaultStaticRoleTarget, vault: DrillVaultApi, login: DatabaseLogin, now: () => number): Promise<DrillCredentialResult> {
  const t0 = now();
  const since = () => Math.round(now() - t0);
  const timings: { rotatedMs?: number; oldRefusedMs?: number; consumersOkMs?: number } = {};
  const base = { credential: target.credential, kind: target.kind };
  const expect = (ok: boolean, reason: string) => {
    if (!ok) throw new StepFailed(reason);
  };
  try {
    const before = await vault.request("GET", target.credsPath);
    expect(before.status === 200 && typeof before.body?.data?.password === "string", `reading ${target.credsPath} before the rotation answered HTTP ${before.status}`);
    const oldPassword: string = before.body.data.password;
    const username: string = before.body.data.username ?? target.database.username ?? "";

    const rotated = await vault.request("POST", target.rotatePath, { body: {} });
    expect(rotated.status === 200 || rotated.status === 204, `${target.rotatePath} answered HTTP ${rotated.status}`);
    timings.rotatedMs = since();

    expect((await login(username, oldPassword)) === "refused", "the database still accepts the old password after the rotation");
    timings.oldRefusedMs = since();

    const consumers: DrillConsumerResult[] = [];
    for (const consumer of target.consumers) {
      if (consumer.check === "not-checkable-live") {
        consumers.push({ id: consumer.id, method: consumer.method, result: "not-checkable-live", reason: consumer.reason });
        continue;
      }
      consumers.push(await consumerLogin(target, consumer, vault, login, oldPassword, since));
    }
    const failed = consumers.filter((c) => c.result === "failed");
    if (consumers.some((c) => c.result === "logged-in")) timings.consumersOkMs = Math.max(...consumers.flatMap((c) => (c.result === "logged-in" && c.ms !== undefined ? [c.ms] : [])));
    return {
      ...base,
      result: failed.length === 0 ? "passed" : "failed",
      ...(failed.length > 0 && { reason: `consumer(s) ${failed.map((c) => c.id).join(", ")} could not log in after the rotation` }),
      timings: { ...timings, totalMs: since() },
      consumers,
    };
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    return { ...base, result: "failed", reason: error.message, timings: { ...timings, totalMs: since() } };
  }
}

async function consumerLogin(
  target: VaultStaticRoleTarget,
  consumer: Extract<VaultStaticRoleTarget["consumers"][number], { check: "login" }>,
  vault: DrillVaultApi,
  login: DatabaseLogin,
  oldPassword: string,
  since: () => number,
): Promise<DrillConsumerResult> {
  const fail = (reason: string): DrillConsumerResult => ({ id: consumer.id, method: consumer.method, result: "failed", reason });
  const roleId = await vault.request("GET", consumer.roleIdPath);
  if (roleId.status !== 200 || typeof roleId.body?.data?.role_id !== "string") return fail(`reading ${consumer.roleIdPath} answered HTTP ${roleId.status}`);
  const secretId = await vault.request("POST", consumer.secretIdPath, { body: { metadata: JSON.stringify({ purpose: "drill" }), num_uses: 1, ttl: "5m" } });
  if (secretId.status !== 200 || typeof secretId.body?.data?.secret_id !== "string") return fail(`minting a secret id at ${consumer.secretIdPath} answered HTTP ${secretId.status}`);
  const session = await vault.request("POST", consumer.loginPath, { body: { role_id: roleId.body.data.role_id, secret_id: secretId.body.data.secret_id }, token: null });
  const token = session.body?.auth?.client_token;
  if (session.status !== 200 || typeof token !== "string") return fail(`AppRole login at ${consumer.loginPath} answered HTTP ${session.status}`);
  const creds = await vault.request("GET", target.credsPath, { token });
  if (creds.status !== 200 || typeof creds.body?.data?.password !== "string") return fail(`the consumer's read of ${target.credsPath} answered HTTP ${creds.status}`);
  if (creds.body.data.password === oldPassword) return fail("the consumer still reads the old password");
  const accepted = (await login(creds.body.data.username ?? target.database.username ?? "", creds.body.data.password)) === "accepted";
  // The consumer's session ends with the check (revoke-self is in every token's default policy).
  await vault.request("POST", "auth/token/revoke-self", { token });
  if (!accepted) return fail("the database refused the consumer's new password");
  return { id: consumer.id, method: consumer.method, result: "logged-in", ms: since() };
}
