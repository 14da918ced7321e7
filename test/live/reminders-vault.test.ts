/*
 * The reminder checker against real engines: OpenBao 2.7.2 holds a KV v2 reminder credential, the
 * checker reads `versions[current_version].created_time` with a token of the policy the library
 * generates (`<env>-reminders`: metadata only), decides at a scheduled time derived from that date,
 * and publishes to moto's SNS, read back through an SQS subscription. OpenBao's AWS auth is an
 * external plugin (ENGINES.md): the harness logs the checker in with a token of the generated policy
 * instead (the AWS auth role itself is covered by the synth test). Root namespace: the plan's
 * namespace (etl/prod) is dropped from the event, the paths are the same.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planInventory } from "../../lib/plan/inventory-plan";
import { planReminders, remindersInputTemplate } from "../../lib/plan/reminder-plan";
import { remindersPolicyDocument } from "../../lib/policy/vault/reminders-policy";
import { renderVaultPolicy } from "../../lib/policy/vault/policy-text";
import type { RemindersEvent } from "../../lib/rotation/reminders/contract";
import { createRemindersHandler } from "../../lib/rotation/reminders/handler";
import { VaultMetadataClient } from "../../lib/rotation/reminders/last-change";
import { fixtureInventory } from "../support/inventories";
import { randomSecret } from "../support/live/live-env";
import { startOpenBao, type OpenBaoServer } from "../support/live/engines";
import { startMotoSns, type MotoSns } from "../support/live/moto-sns";

const DAY = 86_400_000;

describe("reminder checker, live (OpenBao KV metadata + moto SNS)", () => {
  const work = mkdtempSync(join(tmpdir(), "live-reminders-"));
  let bao: OpenBaoServer;
  let moto: MotoSns;
  let token: string;
  let remindersTopic: string;
  let pagingTopic: string;
  const prod = planInventory(fixtureInventory("acme.yaml")).environments.find((e) => e.name === "prod")!;
  const reminders = planReminders(prod)!;
  const stripe = reminders.credentials.find((c) => c.connector === "stripe-api")!;

  const vault = async (method: string, path: string, body?: unknown, as = bao.rootToken) => {
    const response = await fetch(`${bao.address}/v1/${path}`, {
      method,
      headers: { "X-Vault-Token": as, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  /** The checker as deployed, but logged in with the harness's token (no AWS auth on OpenBao). */
  const handler = () => {
    const client = new VaultMetadataClient({ loginWithAwsIam: async () => token }, 5000);
    return createRemindersHandler({
      sink: () => undefined,
      vault: client,
      secrets: { currentVersionCreated: async () => undefined },
      environment: {
        ...moto.environment(),
        ORGANIZATION: prod.organization,
        ENVIRONMENT: prod.name,
        REMINDERS_TOPIC_ARN: remindersTopic,
        PAGING_TOPIC_ARN: pagingTopic,
      },
    });
  };

  /** The event the synthesized rule sends at `time`, pointed at this run's OpenBao (root namespace). */
  const event = (time: number): RemindersEvent => {
    const parsed = JSON.parse(
      remindersInputTemplate(reminders, reminders.parts[0]).replace("<time>", JSON.stringify(new Date(time).toISOString())),
    );
    parsed.credentials = parsed.credentials.map((c: Record<string, unknown>) => {
      const { namespace: _namespace, ...rest } = c;
      return { ...rest, vaultAddress: bao.address };
    });
    return parsed;
  };

  beforeAll(async () => {
    bao = await startOpenBao([], join(work, "bao"));
    moto = startMotoSns();
    expect((await vault("POST", `sys/mounts/${stripe.kvMount}`, { type: "kv", options: { version: "2" } })).status).toBe(204);
    // Two values: the second is the current one; then a metadata write as Terraform makes it (custom_metadata).
    for (const value of ["first", "second"])
      expect((await vault("POST", `${stripe.kvMount}/data/${stripe.key}`, { data: { api_key: randomSecret(value) } })).status).toBe(200);
    const document = remindersPolicyDocument(prod)!;
    expect((await vault("PUT", `sys/policies/acl/${document.name}`, { policy: renderVaultPolicy(document) })).status).toBe(204);
    token = (await vault("POST", "auth/token/create", { policies: [document.name], no_default_policy: true, ttl: "10m" })).body.auth
      .client_token;
    const topics = await moto.subscribe([reminders.topicName, reminders.pagingTopicName]);
    remindersTopic = topics[reminders.topicName];
    pagingTopic = topics[reminders.pagingTopicName];
  }, 120_000);

  afterAll(async () => {
    await bao?.stop();
    moto?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("the generated policy reads the credential's KV metadata and never its value", async () => {
    expect((await vault("GET", `${stripe.kvMount}/metadata/${stripe.key}`, undefined, token)).status).toBe(200);
    expect((await vault("GET", `${stripe.kvMount}/data/${stripe.key}`, undefined, token)).status).toBe(403);
    expect((await vault("GET", `${stripe.kvMount}/metadata/connectors/orders-db/main`, undefined, token)).status).toBe(403);
  });

  it("reminds with the current version's created_time, which a custom_metadata write (Terraform's) does not move", async () => {
    const metadata = (await vault("GET", `${stripe.kvMount}/metadata/${stripe.key}`)).body.data;
    const created: string = metadata.versions[String(metadata.current_version)].created_time;
    expect(metadata.current_version).toBe(2);
    expect(
      (
        await vault("POST", `${stripe.kvMount}/metadata/${stripe.key}`, {
          custom_metadata: { owner: "growth-team", purpose: "rewritten by terraform" },
        })
      ).status,
    ).toBe(204);
    const createdDay = Math.floor(Date.parse(created) / DAY);
    const day = (offset: number) => (createdDay + stripe.days + offset) * DAY + 7 * 3_600_000;
    await moto.drain();

    // now = created + days + 1d: overdue, and not a weekly reminder day; a week late: reminded.
    const late = await handler()(event(day(1)));
    expect(late["stripe-api/main"]).toEqual({
      state: "overdue",
      dueOn: new Date((createdDay + stripe.days) * DAY).toISOString().slice(0, 10),
      reminded: false,
      paged: false,
    });
    expect((await handler()(event(day(7))))["stripe-api/main"]).toMatchObject({ state: "overdue", reminded: true, paged: false });
    // T-7 (due soon) reminds too; T-8 does not.
    expect((await handler()(event(day(-7))))["stripe-api/main"]).toMatchObject({ state: "due-soon", reminded: true });
    expect((await handler()(event(day(-8))))["stripe-api/main"]).toMatchObject({ state: "ok", reminded: false });

    const messages = await moto.drain();
    const stripeMessages = messages.filter((m) => m.connector === "stripe-api");
    expect(stripeMessages.map((m) => [m.state, m.lastChanged])).toEqual([
      ["overdue", created],
      ["due-soon", created],
    ]);
    expect(stripeMessages[0]).toEqual({
      event: "RotationDue",
      organization: "acme-data",
      environment: "prod",
      connector: "stripe-api",
      credential: "main",
      state: "overdue",
      lastChanged: created,
      dueOn: new Date((createdDay + stripe.days) * DAY).toISOString().slice(0, 10),
      days: 90,
      runbook: "etl-secrets runbook <inventory> stripe-api",
    });
  });
});
