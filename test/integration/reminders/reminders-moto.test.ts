/*
 * The reminder checker's AWS half against moto: Secrets Manager's ListSecretVersionIds gives the
 * AWSCURRENT version's CreatedDate (a launcher patches moto, which otherwise answers "now", and moves
 * its clock back to create a version 97 days ago), a description and tag edit made now moves
 * LastChangedDate but not the due date, and SNS delivers each reminder through the owners' filter
 * policies (SQS queues standing in for the email subscriptions): owner A's queue gets only A's
 * reminders, the paging topic only the critical credential's. A moto server of its own on loopback.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { xmlValue, xmlValues } from "../../../lib/rotation/aws-query-client";
import { signRequest } from "../../../lib/rotation/aws-sigv4";
import { REMINDERS_SOURCE, type ReminderCredential } from "../../../lib/rotation/reminders/contract";
import { createRemindersHandler } from "../../../lib/rotation/reminders/handler";

const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };
const REGION = "us-east-1";
const DAY = 86_400_000;

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

const work = mkdtempSync(join(tmpdir(), "reminders-moto-"));
const offsetFile = join(work, "clock-offset");
let moto: ChildProcess | undefined;
let endpoint: string;

beforeAll(async () => {
  const port = await freePort();
  moto = spawn("python3", [join(__dirname, "..", "..", "support", "reminders", "moto-dated.py"), String(port)], {
    stdio: "ignore",
    env: { ...process.env, MOTO_CLOCK_OFFSET_FILE: offsetFile },
  });
  endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      await fetch(`${endpoint}/moto-api/data.json`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  // The AWS SDK of ListSecretVersionIds reads the process's credentials, as in Lambda.
  process.env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
}, 60_000);
afterAll(() => {
  if (moto?.pid) process.kill(moto.pid, "SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

async function secretsManager(action: string, body: unknown): Promise<any> {
  const text = JSON.stringify(body);
  const headers = signRequest(
    {
      method: "POST",
      url: `${endpoint}/`,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `secretsmanager.${action}` },
      body: text,
      service: "secretsmanager",
      region: REGION,
    },
    CREDENTIALS,
  );
  const response = await fetch(`${endpoint}/`, { method: "POST", headers, body: text });
  const answer = await response.text();
  if (response.status !== 200) throw new Error(`${action}: ${response.status} ${answer.slice(0, 200)}`);
  return answer ? JSON.parse(answer) : {};
}

/** A signed Query API call to moto's SNS or SQS; the response XML. */
const query =
  (service: "sns" | "sqs", version: string) =>
  async (action: string, params: Record<string, string>): Promise<string> => {
    const body = new URLSearchParams({ Action: action, Version: version, ...params }).toString();
    const headers = signRequest(
      {
        method: "POST",
        url: `${endpoint}/`,
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
        body,
        service,
        region: REGION,
      },
      CREDENTIALS,
    );
    const response = await fetch(`${endpoint}/`, { method: "POST", headers, body });
    const text = await response.text();
    if (!response.ok) throw new Error(`${service} ${action}: ${response.status} ${text.slice(0, 200)}`);
    return text;
  };
const sns = query("sns", "2010-03-31");
const sqs = query("sqs", "2012-11-05");

async function queue(name: string): Promise<{ url: string; arn: string }> {
  const url = xmlValue(await sqs("CreateQueue", { QueueName: name }), "QueueUrl")!;
  const arn = xmlValue(await sqs("GetQueueAttributes", { QueueUrl: url, "AttributeName.1": "QueueArn" }), "Value")!;
  return { url, arn };
}

async function subscribe(topicArn: string, queueArn: string, filterPolicy?: unknown): Promise<void> {
  const attributes: [string, string][] = [
    ["RawMessageDelivery", "true"],
    ...(filterPolicy ? [["FilterPolicy", JSON.stringify(filterPolicy)] as [string, string]] : []),
  ];
  const params: Record<string, string> = { TopicArn: topicArn, Protocol: "sqs", Endpoint: queueArn };
  attributes.forEach(([key, value], i) => {
    params[`Attributes.entry.${i + 1}.key`] = key;
    params[`Attributes.entry.${i + 1}.value`] = value;
  });
  await sns("Subscribe", params);
}

async function drain(url: string): Promise<Record<string, unknown>[]> {
  const messages: Record<string, unknown>[] = [];
  for (;;) {
    const xml = await sqs("ReceiveMessage", { QueueUrl: url, MaxNumberOfMessages: "10", WaitTimeSeconds: "1" });
    const bodies = xmlValues(xml, "Body");
    if (bodies.length === 0) return messages;
    for (const body of bodies) messages.push(JSON.parse(body));
    for (const handle of xmlValues(xml, "ReceiptHandle")) await sqs("DeleteMessage", { QueueUrl: url, ReceiptHandle: handle });
  }
}

describe("the reminder checker on moto (Secrets Manager dates, SNS filter policies)", () => {
  it("dates each secret by its AWSCURRENT version (not a later tag edit) and routes each reminder to its owner only; the critical one also pages", async () => {
    // Both values created 97 days ago (a 90-day period: due 7 days ago, a weekly reminder day).
    writeFileSync(offsetFile, String(97 * 86_400));
    const secrets = { critical: "acme-data/prod/google-ads/developer-token", other: "acme-data/prod/erp-mssql/db" };
    for (const name of Object.values(secrets)) await secretsManager("CreateSecret", { Name: name, SecretString: `planted-${name}` });
    // Now: Terraform edits the description and a tag; AWS then moves LastChangedDate, never the version's date.
    writeFileSync(offsetFile, "0");
    for (const name of Object.values(secrets)) {
      await secretsManager("UpdateSecret", { SecretId: name, Description: "rewritten by terraform", ClientRequestToken: randomUUID() });
      await secretsManager("TagResource", { SecretId: name, Tags: [{ Key: "owner", Value: "someone-else" }] });
    }
    const described = await secretsManager("DescribeSecret", { SecretId: secrets.critical });
    expect(Date.now() / 1000 - described.LastChangedDate).toBeLessThan(600);
    const versions = await secretsManager("ListSecretVersionIds", { SecretId: secrets.critical });
    const created = new Date(versions.Versions.find((v: any) => v.VersionStages.includes("AWSCURRENT")).CreatedDate * 1000);
    expect(Date.now() - created.getTime()).toBeGreaterThan(96 * DAY);

    const remindersTopic = xmlValue(await sns("CreateTopic", { Name: "acme-data-prod-secret-reminders" }), "TopicArn")!;
    const pagingTopic = xmlValue(await sns("CreateTopic", { Name: "acme-data-prod-secrets-paging" }), "TopicArn")!;
    const ownerA = await queue("owner-revenue-team");
    const ownerB = await queue("owner-platform-team");
    const paging = await queue("on-call");
    // The filter policies the synthesized email subscriptions carry.
    await subscribe(remindersTopic, ownerA.arn, { owner: ["revenue-team"] });
    await subscribe(remindersTopic, ownerB.arn, { owner: ["platform-team"] });
    await subscribe(pagingTopic, paging.arn);

    const credentials: ReminderCredential[] = [
      {
        connector: "google-ads",
        credential: "developer-token",
        owner: "revenue-team",
        sensitivity: "critical",
        days: 90,
        store: "aws",
        secretId: secrets.critical,
      },
      {
        connector: "erp-mssql",
        credential: "db",
        owner: "platform-team",
        sensitivity: "high",
        days: 90,
        store: "aws",
        secretId: secrets.other,
      },
    ];
    const handler = createRemindersHandler({
      sink: () => undefined,
      vault: { loginWithAwsIam: async () => Promise.reject(new Error("no Vault here")), currentVersionCreated: async () => undefined },
      environment: {
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        SNS_ENDPOINT: `${endpoint}/`,
        SECRETS_MANAGER_ENDPOINT: endpoint,
        ORGANIZATION: "acme-data",
        ENVIRONMENT: "prod",
        REMINDERS_TOPIC_ARN: remindersTopic,
        PAGING_TOPIC_ARN: pagingTopic,
      },
    });
    // The scheduled run: 07:00 UTC of the day 97 days after the versions' day.
    const time = new Date((Math.floor(created.getTime() / DAY) + 97) * DAY + 7 * 3_600_000).toISOString();
    const outcomes = await handler({ source: REMINDERS_SOURCE, time, credentials });
    expect(outcomes).toEqual({
      "google-ads/developer-token": {
        state: "overdue",
        dueOn: new Date((Math.floor(created.getTime() / DAY) + 90) * DAY).toISOString().slice(0, 10),
        reminded: true,
        paged: true,
      },
      "erp-mssql/db": expect.objectContaining({ state: "overdue", reminded: true, paged: false }),
    });

    const a = await drain(ownerA.url);
    const b = await drain(ownerB.url);
    const p = await drain(paging.url);
    expect(a.map((m) => [m.event, m.connector, m.state])).toEqual([["RotationDue", "google-ads", "overdue"]]);
    expect(b.map((m) => [m.event, m.connector, m.state])).toEqual([["RotationDue", "erp-mssql", "overdue"]]);
    expect(p.map((m) => m.connector)).toEqual(["google-ads"]);
    expect(a[0].lastChanged).toBe(created.toISOString());
    // Never a value.
    expect(JSON.stringify([a, b, p])).not.toContain("planted-");
  });
});
