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
import type { DatabaseLogin, DrillSecretsApi, DrillVaultApi } from "./clients";
import {
  DrillRefused,
  productionClash,
  productionSecretClash,
  type AwsRotatedPasswordTarget,
  type DrillPlan,
  type VaultDynamicDatabaseTarget,
  type VaultStaticRoleTarget,
} from "./plan";

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
  readonly timings?: {
    readonly rotatedMs?: number;
    readonly revokedMs?: number;
    readonly oldRefusedMs?: number;
    readonly consumersOkMs?: number;
    readonly totalMs: number;
  };
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
  readonly database: (target: VaultStaticRoleTarget | VaultDynamicDatabaseTarget | AwsRotatedPasswordTarget) => DatabaseLogin;
  /** Builds the Secrets Manager client of a target (as the `<org>-<env>.drill` role), after the production check. */
  readonly secretsManager?: (target: AwsRotatedPasswordTarget) => DrillSecretsApi;
  /** Milliseconds; injectable for reproducible reports. */
  readonly now: () => number;
  /** Waits (revocation of a lease drops its database user in the background). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** How long a revoked lease's user may still log in before the drill fails. @default 30000 */
  readonly revocationDeadlineMs?: number;
}

class StepFailed extends Error {}

export async function runDrill(plan: DrillPlan, inventoryPlan: InventoryPlan, deps: DrillDeps): Promise<DrillReport> {
  // The second refusal: where the target actually resolves, before any client is built.
  for (const target of plan.targets) {
    if (target.kind === "not-drillable") continue;
    if (target.kind === "aws-rotated-password") {
      const secretClash = productionSecretClash(inventoryPlan, target);
      if (secretClash)
        throw new DrillRefused(
          `credential ${target.credential}: secret ${target.secretName} in ${target.accountId}/${target.region} belongs to production environment ${secretClash}: drills are refused there`,
        );
      continue;
    }
    const address = deps.vaultAddress ?? target.address;
    const clash = productionClash(inventoryPlan, { address, namespace: target.namespace, databaseMount: target.databaseMount });
    if (clash)
      throw new DrillRefused(
        `credential ${target.credential}: ${address} namespace "${target.namespace}" mount ${target.databaseMount} is production environment ${clash}: drills are refused there`,
      );
  }
  const credentials: DrillCredentialResult[] = [];
  for (const target of plan.targets) {
    if (target.kind === "not-drillable") {
      credentials.push({ credential: target.credential, kind: target.kind, result: "not-drillable", reason: target.reason });
      continue;
    }
    if (target.kind === "aws-rotated-password") {
      if (!deps.secretsManager) throw new Error("a Secrets Manager drill needs a Secrets Manager client");
      credentials.push(await drillSecretsManager(target, deps.secretsManager(target), deps.database(target), deps));
      continue;
    }
    const address = deps.vaultAddress ?? target.address;
    const vault = deps.vault({ address, namespace: target.namespace });
    credentials.push(
      target.kind === "vault-static-role"
        ? await drillStaticRole(target, vault, deps.database(target), deps.now)
        : await drillDynamicDatabase(target, vault, deps.database(target), deps),
    );
  }
  const drilled = credentials.filter((c) => c.result !== "not-drillable");
  const outcome = drilled.length === 0 ? "nothing-drillable" : drilled.every((c) => c.result === "passed") ? "passed" : "failed";
  return {
    format: DRILL_FORMAT,
    organization: plan.organization,
    environment: plan.environment,
    connector: plan.connector,
    identity: plan.identity,
    outcome,
    credentials,
  };
}

async function drillStaticRole(
  target: VaultStaticRoleTarget,
  vault: DrillVaultApi,
  login: DatabaseLogin,
  now: () => number,
): Promise<DrillCredentialResult> {
  const t0 = now();
  const since = () => Math.round(now() - t0);
  const timings: { rotatedMs?: number; oldRefusedMs?: number; consumersOkMs?: number } = {};
  const base = { credential: target.credential, kind: target.kind };
  const expect = (ok: boolean, reason: string) => {
    if (!ok) throw new StepFailed(reason);
  };
  try {
    const before = await vault.request("GET", target.credsPath);
    expect(
      before.status === 200 && typeof before.body?.data?.password === "string",
      `reading ${target.credsPath} before the rotation answered HTTP ${before.status}`,
    );
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
    if (consumers.some((c) => c.result === "logged-in"))
      timings.consumersOkMs = Math.max(...consumers.flatMap((c) => (c.result === "logged-in" && c.ms !== undefined ? [c.ms] : [])));
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

type LoginConsumer = Extract<VaultStaticRoleTarget["consumers"][number], { check: "login" }>;

/** Logs in as an AppRole consumer with a freshly minted single-use secret id: the session token, or why not. */
async function appRoleSession(consumer: LoginConsumer, vault: DrillVaultApi): Promise<{ token: string } | { reason: string }> {
  const roleId = await vault.request("GET", consumer.roleIdPath);
  if (roleId.status !== 200 || typeof roleId.body?.data?.role_id !== "string")
    return { reason: `reading ${consumer.roleIdPath} answered HTTP ${roleId.status}` };
  const secretId = await vault.request("POST", consumer.secretIdPath, {
    body: { metadata: JSON.stringify({ purpose: "drill" }), num_uses: 1, ttl: "5m" },
  });
  if (secretId.status !== 200 || typeof secretId.body?.data?.secret_id !== "string")
    return { reason: `minting a secret id at ${consumer.secretIdPath} answered HTTP ${secretId.status}` };
  const session = await vault.request("POST", consumer.loginPath, {
    body: { role_id: roleId.body.data.role_id, secret_id: secretId.body.data.secret_id },
    token: null,
  });
  const token = session.body?.auth?.client_token;
  if (session.status !== 200 || typeof token !== "string")
    return { reason: `AppRole login at ${consumer.loginPath} answered HTTP ${session.status}` };
  return { token };
}

/**
 * Dynamic database: per AppRole consumer, log in as it, take a lease (`creds/<role>`) and prove the
 * database accepts it; revoke it through the session's own `revoke-self` (which revokes the
 * session's leases: Vault drops the database user, in the background, so the drill waits for the
 * refusal up to a deadline); then log in again and prove a new lease works. Kubernetes and JWT
 * consumers: not checkable live.
 */
// long-function: the dynamic-database drill's steps in protocol order (mint, log in, revoke, wait for the refusal, mint again, log in), each timing the next; split, the steps would pass the clock and the lease around
async function drillDynamicDatabase(
  target: VaultDynamicDatabaseTarget,
  vault: DrillVaultApi,
  login: DatabaseLogin,
  deps: Pick<DrillDeps, "now" | "sleep" | "revocationDeadlineMs">,
): Promise<DrillCredentialResult> {
  const { now } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = deps.revocationDeadlineMs ?? 30_000;
  const t0 = now();
  const since = () => Math.round(now() - t0);
  const timings: { revokedMs?: number; oldRefusedMs?: number; consumersOkMs?: number } = {};
  const consumers: DrillConsumerResult[] = [];
  let failure: string | undefined;
  for (const consumer of target.consumers) {
    if (consumer.check === "not-checkable-live") {
      consumers.push({ id: consumer.id, method: consumer.method, result: "not-checkable-live", reason: consumer.reason });
      continue;
    }
    const fail = (reason: string) => {
      consumers.push({ id: consumer.id, method: consumer.method, result: "failed", reason });
      failure ??= `consumer ${consumer.id}: ${reason}`;
    };
    const first = await appRoleSession(consumer, vault);
    if ("reason" in first) {
      fail(first.reason);
      continue;
    }
    const lease = await vault.request("GET", consumer.credsPath, { token: first.token });
    if (lease.status !== 200 || typeof lease.body?.data?.password !== "string") {
      fail(`the consumer's read of ${consumer.credsPath} answered HTTP ${lease.status}`);
      continue;
    }
    const old = { username: String(lease.body.data.username), password: lease.body.data.password as string };
    if ((await login(old.username, old.password)) !== "accepted") {
      fail("the database refused the lease before its revocation");
      continue;
    }
    const revoked = await vault.request("POST", "auth/token/revoke-self", { token: first.token });
    if (revoked.status !== 204 && revoked.status !== 200) {
      fail(`revoking the session (and its lease) answered HTTP ${revoked.status}`);
      continue;
    }
    timings.revokedMs ??= since();
    const waitFrom = now();
    let refused = false;
    for (;;) {
      if ((await login(old.username, old.password)) === "refused") {
        refused = true;
        break;
      }
      if (now() - waitFrom > deadline) break;
      await sleep(250);
    }
    if (!refused) {
      fail(`the database still accepts the revoked lease ${Math.round(deadline / 1000)} s after its revocation`);
      continue;
    }
    timings.oldRefusedMs = Math.max(timings.oldRefusedMs ?? 0, since());
    const second = await appRoleSession(consumer, vault);
    if ("reason" in second) {
      fail(second.reason);
      continue;
    }
    const fresh = await vault.request("GET", consumer.credsPath, { token: second.token });
    const ok =
      fresh.status === 200 &&
      typeof fresh.body?.data?.password === "string" &&
      (await login(String(fresh.body.data.username), fresh.body.data.password)) === "accepted";
    await vault.request("POST", "auth/token/revoke-self", { token: second.token });
    if (!ok) {
      fail(
        fresh.status === 200
          ? "the database refused the new lease"
          : `the consumer's second read of ${consumer.credsPath} answered HTTP ${fresh.status}`,
      );
      continue;
    }
    const ms = since();
    timings.consumersOkMs = Math.max(timings.consumersOkMs ?? 0, ms);
    consumers.push({ id: consumer.id, method: consumer.method, result: "logged-in", ms });
  }
  return {
    credential: target.credential,
    kind: target.kind,
    result: failure ? "failed" : "passed",
    ...(failure && { reason: failure }),
    timings: { ...timings, totalMs: since() },
    consumers,
  };
}

async function consumerLogin(
  target: VaultStaticRoleTarget,
  consumer: LoginConsumer,
  vault: DrillVaultApi,
  login: DatabaseLogin,
  oldPassword: string,
  since: () => number,
): Promise<DrillConsumerResult> {
  const fail = (reason: string): DrillConsumerResult => ({ id: consumer.id, method: consumer.method, result: "failed", reason });
  const session = await appRoleSession(consumer, vault);
  if ("reason" in session) return fail(session.reason);
  const token = session.token;
  const creds = await vault.request("GET", target.credsPath, { token });
  if (creds.status !== 200 || typeof creds.body?.data?.password !== "string")
    return fail(`the consumer's read of ${target.credsPath} answered HTTP ${creds.status}`);
  if (creds.body.data.password === oldPassword) return fail("the consumer still reads the old password");
  const accepted = (await login(creds.body.data.username ?? target.database.username ?? "", creds.body.data.password)) === "accepted";
  // The consumer's session ends with the check (revoke-self is in every token's default policy).
  await vault.request("POST", "auth/token/revoke-self", { token });
  if (!accepted) return fail("the database refused the consumer's new password");
  return { id: consumer.id, method: consumer.method, result: "logged-in", ms: since() };
}

/**
 * Secrets Manager: read the current value (kept in memory), `RotateSecret` (the environment's
 * rotation function runs its four steps), wait until a new version holds AWSCURRENT and nothing
 * holds AWSPENDING, prove the database refuses the old password, then read the new value and log in
 * with it. IAM consumers are not checkable live: the drill's own read of the new value stands in.
 */
async function drillSecretsManager(
  target: AwsRotatedPasswordTarget,
  sm: DrillSecretsApi,
  login: DatabaseLogin,
  deps: Pick<DrillDeps, "now" | "sleep" | "revocationDeadlineMs">,
): Promise<DrillCredentialResult> {
  const { now } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = deps.revocationDeadlineMs ?? 30_000;
  const t0 = now();
  const since = () => Math.round(now() - t0);
  const timings: { rotatedMs?: number; oldRefusedMs?: number; consumersOkMs?: number } = {};
  const base = { credential: target.credential, kind: target.kind };
  const failed = (reason: string): DrillCredentialResult => ({
    ...base,
    result: "failed",
    reason,
    timings: { ...timings, totalMs: since() },
  });
  const parse = (text: string): { username: string; password: string } | undefined => {
    try {
      const value = JSON.parse(text) as { username?: unknown; password?: unknown };
      return typeof value.password === "string"
        ? { username: typeof value.username === "string" ? value.username : (target.database.username ?? ""), password: value.password }
        : undefined;
    } catch {
      return undefined;
    }
  };
  const before = await sm.getSecretValue(target.secretName);
  const old = parse(before.value);
  if (!old) return failed(`secret ${target.secretName} does not hold a JSON password`);
  await sm.rotateSecret(target.secretName);
  const waitFrom = now();
  for (;;) {
    const stages = await sm.versionStages(target.secretName);
    const current = Object.entries(stages).find(([, s]) => s.includes("AWSCURRENT"))?.[0];
    // Finished: AWSPENDING gone, or left on the version that now holds AWSCURRENT (both are end states).
    const pending = Object.entries(stages).some(([version, s]) => s.includes("AWSPENDING") && version !== current);
    if (current && current !== before.versionId && !pending) break;
    if (now() - waitFrom > deadline)
      return failed(
        `the rotation did not finish within ${Math.round(deadline / 1000)} s (AWSCURRENT still the old version or AWSPENDING left)`,
      );
    await sleep(250);
  }
  timings.rotatedMs = since();
  if ((await login(old.username, old.password)) !== "refused")
    return failed("the database still accepts the old password after the rotation");
  timings.oldRefusedMs = since();
  const fresh = parse((await sm.getSecretValue(target.secretName)).value);
  if (!fresh || fresh.password === old.password) return failed("the secret's new value is missing or unchanged");
  if ((await login(fresh.username, fresh.password)) !== "accepted") return failed("the database refused the new password");
  timings.consumersOkMs = since();
  const consumers: DrillConsumerResult[] = target.consumers.map((c) => ({
    id: c.id,
    method: c.method,
    result: "not-checkable-live",
    ...(c.check === "not-checkable-live" && { reason: c.reason }),
  }));
  return { ...base, result: "passed", timings: { ...timings, totalMs: since() }, consumers };
}
