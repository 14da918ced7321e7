import {
  createRemindersHandler,
  runReminders,
  validateRemindersEvent,
  type RemindersConfig,
} from "../../../lib/rotation/reminders/handler";
import {
  awsCurrentVersionCreated,
  kvCurrentVersionCreated,
  type SecretVersionsApi,
  type VaultMetadataApi,
} from "../../../lib/rotation/reminders/last-change";
import { REMINDERS_SOURCE, type ReminderCredential, type RemindersEvent } from "../../../lib/rotation/reminders/contract";
import type { PublishRequest, SnsPublisher } from "../../../lib/rotation/notifier/sns-publisher";
import { RedactingLogger } from "../../../lib/rotation/redacting-logger";

const DAY = 86_400_000;
/** The value last changed on this day (Vault's and Secrets Manager's own dates). */
const CREATED = "2026-01-10T09:30:00.123456Z";
const CONFIG: RemindersConfig = {
  organization: "acme-data",
  environment: "prod",
  remindersTopicArn: "arn:aws:sns:eu-west-1:222222222222:acme-data-prod-secret-reminders",
  pagingTopicArn: "arn:aws:sns:eu-west-1:222222222222:acme-data-prod-secrets-paging",
};

const vaultCredential = (over: Partial<ReminderCredential> = {}): ReminderCredential =>
  ({
    connector: "stripe-api",
    credential: "main",
    owner: "growth-team",
    sensitivity: "high",
    days: 90,
    store: "vault",
    vaultAddress: "https://vault.acme.example:8200",
    namespace: "etl/prod",
    kvMount: "kv",
    key: "connectors/stripe-api/main",
    authMount: "aws",
    authRole: "prod-reminders",
    ...over,
  }) as ReminderCredential;
const awsCredential = (over: Partial<ReminderCredential> = {}): ReminderCredential =>
  ({
    connector: "hubspot-api",
    credential: "main",
    owner: "platform-team",
    sensitivity: "moderate",
    days: 90,
    store: "aws",
    secretId: "acme-data/prod/hubspot-api/main",
    ...over,
  }) as ReminderCredential;

/** The scheduled time of a run `offset` days after the due day (negative: before). */
function at(offsetFromDue: number, days = 90, created = CREATED): string {
  const createdDay = Math.floor(Date.parse(created) / DAY);
  return new Date((createdDay + days + offsetFromDue) * DAY + 7 * 3_600_000).toISOString();
}

function fakes(dates: { vault?: Record<string, string | undefined>; aws?: Record<string, Date | undefined> } = {}) {
  const published: PublishRequest[] = [];
  const logins: string[] = [];
  const vault: VaultMetadataApi = {
    loginWithAwsIam: async (_target, mount, role) => {
      logins.push(`${mount}/${role}`);
      return "hvs.CAESIKq7fakeToken9Zx0123";
    },
    currentVersionCreated: async (_target, token, mount, key) => {
      expect(token).toBe("hvs.CAESIKq7fakeToken9Zx0123");
      const path = `${mount}/metadata/${key}`;
      return dates.vault && path in dates.vault ? dates.vault[path] : CREATED;
    },
  };
  const secrets: SecretVersionsApi = {
    currentVersionCreated: async (id) => (dates.aws && id in dates.aws ? dates.aws[id] : new Date(CREATED)),
  };
  const publisher: SnsPublisher = {
    publish: async (request) => {
      published.push(request);
      return `msg-${published.length}`;
    },
  };
  return { vault, secrets, publisher, published, logins };
}

async function run(credentials: ReminderCredential[], time: string, f = fakes()) {
  const event: RemindersEvent = { source: REMINDERS_SOURCE, time, credentials };
  const outcomes = await runReminders(event, {
    config: CONFIG,
    vault: f.vault,
    secrets: f.secrets,
    publisher: f.publisher,
    credentials: () => ({ accessKeyId: "AKIAFAKE", secretAccessKey: "fake" }),
    logger: new RedactingLogger(() => undefined),
  });
  return { outcomes, published: f.published, logins: f.logins };
}

describe("the daily reminder checker (fake clock, fake stores)", () => {
  it("is silent at T-8, reminds at T-7, T-1 and T-0, and is silent between", async () => {
    const reminded: number[] = [];
    for (let offset = -10; offset <= 0; offset++) {
      const { published } = await run([vaultCredential()], at(offset));
      if (published.length > 0) reminded.push(offset);
    }
    expect(reminded).toEqual([-7, -1, 0]);
    const { outcomes } = await run([vaultCredential()], at(-8));
    expect(outcomes["stripe-api/main"]).toEqual({ state: "ok", dueOn: "2026-04-10", reminded: false, paged: false });
  });

  it("once overdue, reminds every 7 days (7, 14, 21 days late), never on the days between", async () => {
    const reminded: number[] = [];
    for (let offset = 1; offset <= 22; offset++) {
      const { published } = await run([awsCredential()], at(offset));
      if (published.length > 0) reminded.push(offset);
    }
    expect(reminded).toEqual([7, 14, 21]);
  });

  it("decides from the event's time, not the run's clock: a retry the same day publishes the same message again", async () => {
    const first = await run([vaultCredential()], at(-7));
    const retry = await run([vaultCredential()], at(-7));
    expect(retry.published).toEqual(first.published);
    expect(JSON.parse(first.published[0].message)).toEqual({
      event: "RotationDue",
      organization: "acme-data",
      environment: "prod",
      connector: "stripe-api",
      credential: "main",
      state: "due-soon",
      lastChanged: CREATED,
      dueOn: "2026-04-10",
      days: 90,
      runbook: "etl-secrets runbook <inventory> stripe-api",
    });
  });

  it("routes by owner: each reminder carries owner, connector, sensitivity and state attributes on the reminders topic", async () => {
    const { published, logins } = await run(
      [
        vaultCredential(),
        awsCredential(),
        vaultCredential({
          connector: "legacy-ftp",
          owner: "platform-team",
          key: "connectors/legacy-ftp/main",
        } as Partial<ReminderCredential>),
      ],
      at(0),
    );
    expect(published.map((p) => [p.topicArn, p.attributes])).toEqual([
      [CONFIG.remindersTopicArn, { owner: "growth-team", connector: "stripe-api", sensitivity: "high", state: "due-soon" }],
      [CONFIG.remindersTopicArn, { owner: "platform-team", connector: "hubspot-api", sensitivity: "moderate", state: "due-soon" }],
      [CONFIG.remindersTopicArn, { owner: "platform-team", connector: "legacy-ftp", sensitivity: "high", state: "due-soon" }],
    ]);
    // One Vault login per run, shared by the Vault-stored credentials.
    expect(logins).toEqual(["aws/prod-reminders"]);
  });

  it("pages on-call for a critical credential (the same message on the paging topic), never for the others", async () => {
    const { published, outcomes } = await run([vaultCredential({ sensitivity: "critical" }), awsCredential()], at(7));
    expect(published.map((p) => [p.topicArn, p.attributes.connector, p.attributes.state])).toEqual([
      [CONFIG.remindersTopicArn, "stripe-api", "overdue"],
      [CONFIG.pagingTopicArn, "stripe-api", "overdue"],
      [CONFIG.remindersTopicArn, "hubspot-api", "overdue"],
    ]);
    expect(published[1].message).toBe(published[0].message);
    expect(outcomes["stripe-api/main"].paged).toBe(true);
    expect(outcomes["hubspot-api/main"].paged).toBe(false);
  });

  it("fails the run (Lambda retries, then dead-letters) when a critical credential is due and no paging topic is configured", async () => {
    const f = fakes();
    const event: RemindersEvent = { source: REMINDERS_SOURCE, time: at(0), credentials: [vaultCredential({ sensitivity: "critical" })] };
    const { pagingTopicArn: _paging, ...noPaging } = CONFIG;
    await expect(
      runReminders(event, {
        config: noPaging,
        vault: f.vault,
        secrets: f.secrets,
        publisher: f.publisher,
        credentials: () => ({ accessKeyId: "a", secretAccessKey: "b" }),
        logger: new RedactingLogger(() => undefined),
      }),
    ).rejects.toThrow(/critical and no paging topic/);
  });

  it("a credential never seeded (no current version) is unknown and not reminded; the others still are", async () => {
    const f = fakes({ vault: { "kv/metadata/connectors/stripe-api/main": undefined } });
    const { outcomes, published } = await run([vaultCredential(), awsCredential()], at(0), f);
    expect(outcomes["stripe-api/main"]).toEqual({ state: "unknown", dueOn: "", reminded: false, paged: false });
    expect(published.map((p) => p.attributes.connector)).toEqual(["hubspot-api"]);
  });

  it("tries every credential and fails the run naming the ones that failed, never the token", async () => {
    const f = fakes();
    f.secrets.currentVersionCreated = async () => {
      throw new Error("ListSecretVersionIds refused for token hvs.CAESIKq7fakeToken9Zx0123");
    };
    const logged: string[] = [];
    const event: RemindersEvent = { source: REMINDERS_SOURCE, time: at(0), credentials: [vaultCredential(), awsCredential()] };
    const promise = runReminders(event, {
      config: CONFIG,
      vault: f.vault,
      secrets: f.secrets,
      publisher: f.publisher,
      credentials: () => ({ accessKeyId: "a", secretAccessKey: "b" }),
      logger: new RedactingLogger((line) => logged.push(line)),
    });
    await expect(promise).rejects.toThrow(/failed for 1 credential\(s\): hubspot-api\/main/);
    await expect(promise).rejects.not.toThrow(/hvs\.CAESIKq7fakeToken9Zx0123/);
    expect(f.published.map((p) => p.attributes.connector)).toEqual(["stripe-api"]);
    expect(logged.join("\n")).not.toContain("hvs.CAESIKq7fakeToken9Zx0123");
  });

  it("refuses an event that is not the checker's, has no time, or lists a credential without its location", () => {
    expect(() => validateRemindersEvent({ source: "other", time: at(0), credentials: [] } as unknown as RemindersEvent)).toThrow(
      /not a reminders event/,
    );
    expect(() => validateRemindersEvent({ source: REMINDERS_SOURCE, credentials: [] } as unknown as RemindersEvent)).toThrow(/no time/);
    expect(() =>
      validateRemindersEvent({
        source: REMINDERS_SOURCE,
        time: at(0),
        credentials: [{ ...awsCredential(), secretId: "" }],
      } as RemindersEvent),
    ).toThrow(/secretId/);
    expect(() =>
      validateRemindersEvent({ source: REMINDERS_SOURCE, time: at(0), credentials: [{ ...vaultCredential(), days: 0 }] } as RemindersEvent),
    ).toThrow(/days/);
  });

  it("the Lambda handler reads its topics from the environment and rethrows a missing one as text", async () => {
    const f = fakes();
    const handler = createRemindersHandler({
      sink: () => undefined,
      vault: f.vault,
      secrets: f.secrets,
      publisher: f.publisher,
      environment: {
        ORGANIZATION: "acme-data",
        ENVIRONMENT: "prod",
        REMINDERS_TOPIC_ARN: CONFIG.remindersTopicArn,
        PAGING_TOPIC_ARN: CONFIG.pagingTopicArn!,
        AWS_ACCESS_KEY_ID: "a",
        AWS_SECRET_ACCESS_KEY: "b",
      },
    });
    const outcomes = await handler({ source: REMINDERS_SOURCE, time: at(-1), credentials: [awsCredential()] });
    expect(outcomes["hubspot-api/main"].reminded).toBe(true);
    const broken = createRemindersHandler({
      sink: () => undefined,
      vault: f.vault,
      secrets: f.secrets,
      publisher: f.publisher,
      environment: { ORGANIZATION: "acme-data" },
    });
    await expect(broken({ source: REMINDERS_SOURCE, time: at(-1), credentials: [] })).rejects.toThrow(
      /missing ENVIRONMENT, REMINDERS_TOPIC_ARN/,
    );
  });
});

describe("last change from the store's own dates", () => {
  it("KV: the current version's created_time, not updated_time (a metadata write) nor an older version's", () => {
    const data = {
      created_time: "2025-01-01T00:00:00Z",
      updated_time: "2026-03-01T00:00:00Z",
      current_version: 2,
      versions: { "1": { created_time: "2025-01-01T00:00:00Z" }, "2": { created_time: CREATED } },
      custom_metadata: { owner: "growth-team" },
    };
    expect(kvCurrentVersionCreated(data)).toBe(CREATED);
    expect(kvCurrentVersionCreated({ ...data, current_version: 0, versions: {} })).toBeUndefined();
  });

  it("Secrets Manager: the AWSCURRENT version's CreatedDate, whatever the other versions say", () => {
    const current = new Date(CREATED);
    expect(
      awsCurrentVersionCreated([
        { VersionStages: ["AWSPREVIOUS"], CreatedDate: new Date("2025-01-01T00:00:00Z") },
        { VersionStages: ["AWSCURRENT"], CreatedDate: current },
      ]),
    ).toEqual(current);
    // moto and the JSON protocol may give epoch seconds.
    expect(awsCurrentVersionCreated([{ VersionStages: ["AWSCURRENT"], CreatedDate: 1_768_037_400 }])).toEqual(new Date(1_768_037_400_000));
    expect(awsCurrentVersionCreated([{ VersionStages: ["AWSPENDING"], CreatedDate: current }])).toBeUndefined();
  });
});
