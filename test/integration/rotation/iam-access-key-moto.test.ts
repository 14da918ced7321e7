/*
 * aws-iam-access-key against moto's IAM and STS (real HTTP, our SigV4 signer): every step, each
 * repeated, and a crash after every external call (IAM ListAccessKeys, CreateAccessKey,
 * DeleteAccessKey; STS GetCallerIdentity), with Secrets Manager's retries played by the test.
 * The user never holds more than two keys, and the key left current signs as the user.
 */
import { callAwsQuery, iamEndpointFor, stsEndpointFor, xmlValue } from "../../../lib/rotation/aws-query-client";
import type { AwsCredentials } from "../../../lib/rotation/aws-sigv4";
import { createRotationHandler } from "../../../lib/rotation/handler";
import { IamAccessKeyClient, type IamAccessKeyApi } from "../../../lib/rotation/iam-access-key-client";
import { IamAccessKeyStrategy } from "../../../lib/rotation/strategies/iam-access-key";
import { InMemorySecretStore } from "../../rotation/in-memory-secret-store";
import { loadEngines } from "../../support/rotation/engines";

const engines = loadEngines();
const ADMIN: AwsCredentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const iamEndpoint = iamEndpointFor("eu-west-1", `${engines.moto.endpoint.replace(/\/$/, "")}/`);
const stsEndpoint = stsEndpointFor("eu-west-1", `${engines.moto.endpoint.replace(/\/$/, "")}/`);
const client = new IamAccessKeyClient({ iam: iamEndpoint, sts: stsEndpoint, credentials: () => ADMIN, timeoutMs: 10_000 });

/** The real client, with a crash after the n-th call of one operation. */
class CrashingClient implements IamAccessKeyApi {
  constructor(private readonly crash?: { call: string; remaining: number }) {}
  private after<T>(call: string, value: T): T {
    if (this.crash?.call === call && this.crash.remaining-- === 0) throw new Error(`injected crash after ${call}`);
    return value;
  }
  async listAccessKeys(userName: string) {
    return this.after("ListAccessKeys", await client.listAccessKeys(userName));
  }
  async createAccessKey(userName: string) {
    return this.after("CreateAccessKey", await client.createAccessKey(userName));
  }
  async deleteAccessKey(userName: string, accessKeyId: string) {
    return this.after("DeleteAccessKey", await client.deleteAccessKey(userName, accessKeyId));
  }
  async callerArn(credentials: AwsCredentials) {
    return this.after("GetCallerIdentity", await client.callerArn(credentials));
  }
}

let users = 0;
async function newUser(): Promise<{ userName: string; first: { accessKeyId: string; secretAccessKey: string } }> {
  const userName = `etl-rotation-${process.pid}-${++users}`;
  await callAwsQuery(iamEndpoint, "CreateUser", { UserName: userName, Path: "/etl/" }, ADMIN, 10_000);
  return { userName, first: await client.createAccessKey(userName) };
}

const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;

async function rotate(crash?: { call: string; remaining: number }) {
  const { userName, first } = await newUser();
  const store = new InMemorySecretStore();
  store.versions.set("v1", { value: JSON.stringify({ userName, ...first }), stages: ["AWSCURRENT"] });
  store.versions.set("v2", { stages: ["AWSPENDING"] });
  const lines: string[] = [];
  const handler = createRotationHandler(
    () => new IamAccessKeyStrategy(new CrashingClient(crash), { verifyAttempts: 3, verifyDelayMs: 50 }),
    {
      environment: {},
      sink: (line) => lines.push(line),
      store: () => store,
    },
  );
  let maxKeys = 0;
  for (const Step of STEPS) {
    for (let attempt = 0; ; attempt++) {
      try {
        await handler({ Step, SecretId: store.arn, ClientRequestToken: "v2" });
        await handler({ Step, SecretId: store.arn, ClientRequestToken: "v2" });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      } finally {
        maxKeys = Math.max(maxKeys, (await client.listAccessKeys(userName)).length);
      }
    }
  }
  return { userName, first, store, lines, maxKeys };
}

describe("aws-iam-access-key through moto's IAM and STS", () => {
  it.each([
    ["no crash", undefined],
    ["ListAccessKeys", { call: "ListAccessKeys", remaining: 0 }],
    ["CreateAccessKey", { call: "CreateAccessKey", remaining: 0 }],
    ["GetCallerIdentity (setSecret)", { call: "GetCallerIdentity", remaining: 0 }],
    ["GetCallerIdentity (testSecret)", { call: "GetCallerIdentity", remaining: 1 }],
    ["DeleteAccessKey", { call: "DeleteAccessKey", remaining: 0 }],
  ])("%s: ends rotated, one key left, and it signs as the user", async (_name, crash) => {
    const { userName, first, store, lines, maxKeys } = await rotate(crash);
    const current = JSON.parse(store.versions.get("v2")!.value!);
    expect(store.versions.get("v2")!.stages).toContain("AWSCURRENT");
    expect((await client.listAccessKeys(userName)).map((key) => key.accessKeyId)).toEqual([current.accessKeyId]);
    expect(current.accessKeyId).not.toBe(first.accessKeyId);
    expect(maxKeys).toBeLessThanOrEqual(2);
    const arn = await client.callerArn({ accessKeyId: current.accessKeyId, secretAccessKey: current.secretAccessKey });
    expect(arn.endsWith(`/${userName}`)).toBe(true);
    for (const secret of [first.secretAccessKey, current.secretAccessKey]) expect(lines.join("\n")).not.toContain(secret);
  });

  it("answers IAM errors by code, never by message", async () => {
    const error = await callAwsQuery(iamEndpoint, "ListAccessKeys", { UserName: "no-such-user" }, ADMIN, 10_000).catch((e) => e);
    expect(error.message).toMatch(/^iam refused ListAccessKeys \(\d+ NoSuchEntity\)$/);
    expect(xmlValue("<a><Code>X&amp;Y</Code></a>", "Code")).toBe("X&Y");
  });

  it("never deletes the only active key: with the secret's key inactive and another key in use, createSecret refuses", async () => {
    // GIVEN the secret's key deactivated in IAM and a second, active key the user works with
    const { userName, first } = await newUser();
    await callAwsQuery(
      iamEndpoint,
      "UpdateAccessKey",
      { UserName: userName, AccessKeyId: first.accessKeyId, Status: "Inactive" },
      ADMIN,
      10_000,
    );
    const inUse = xmlValue(await callAwsQuery(iamEndpoint, "CreateAccessKey", { UserName: userName }, ADMIN, 10_000), "AccessKeyId")!;
    const store = new InMemorySecretStore();
    store.versions.set("v1", { value: JSON.stringify({ userName, ...first }), stages: ["AWSCURRENT"] });
    store.versions.set("v2", { stages: ["AWSPENDING"] });
    const handler = createRotationHandler(() => new IamAccessKeyStrategy(client, { verifyAttempts: 3, verifyDelayMs: 50 }), {
      environment: {},
      sink: () => undefined,
      store: () => store,
    });

    // WHEN createSecret runs THEN it refuses, and IAM still has the active key, active
    await expect(handler({ Step: "createSecret", SecretId: store.arn, ClientRequestToken: "v2" })).rejects.toThrow(/inactive/);
    const listed = await callAwsQuery(iamEndpoint, "ListAccessKeys", { UserName: userName }, ADMIN, 10_000);
    const members = [...listed.matchAll(/<member>([\s\S]*?)<\/member>/g)].map(
      (m) => `${xmlValue(m[1], "AccessKeyId")} ${xmlValue(m[1], "Status")}`,
    );
    expect(members).toContain(`${inUse} Active`);
  });

  it("finishSecret keeps the previous key when the key now current was deactivated", async () => {
    const { userName, first } = await newUser();
    const store = new InMemorySecretStore();
    store.versions.set("v1", { value: JSON.stringify({ userName, ...first }), stages: ["AWSCURRENT"] });
    store.versions.set("v2", { stages: ["AWSPENDING"] });
    const handler = createRotationHandler(() => new IamAccessKeyStrategy(client, { verifyAttempts: 3, verifyDelayMs: 50 }), {
      environment: {},
      sink: () => undefined,
      store: () => store,
    });
    for (const Step of ["createSecret", "setSecret", "testSecret"] as const)
      await handler({ Step, SecretId: store.arn, ClientRequestToken: "v2" });
    const pending = JSON.parse(store.versions.get("v2")!.value!);
    await callAwsQuery(
      iamEndpoint,
      "UpdateAccessKey",
      { UserName: userName, AccessKeyId: pending.accessKeyId, Status: "Inactive" },
      ADMIN,
      10_000,
    );
    await handler({ Step: "finishSecret", SecretId: store.arn, ClientRequestToken: "v2" });
    const listed = await callAwsQuery(iamEndpoint, "ListAccessKeys", { UserName: userName }, ADMIN, 10_000);
    expect(listed).toContain(first.accessKeyId);
  });
});
