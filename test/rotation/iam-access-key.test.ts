import type { AwsCredentials } from "../../lib/rotation/aws-sigv4";
import { AwsQueryError } from "../../lib/rotation/aws-query-client";
import { createRotationHandler } from "../../lib/rotation/handler";
import type { IamAccessKeyApi } from "../../lib/rotation/iam-access-key-client";
import { IamAccessKeyStrategy } from "../../lib/rotation/strategies/iam-access-key";
import { InMemorySecretStore } from "./in-memory-secret-store";

/** IAM and STS for one account, in memory: at most two keys per user, as IAM enforces. */
class FakeIam implements IamAccessKeyApi {
  readonly keys = new Map<string, { userName: string; secret: string; active: boolean }>();
  calls: string[] = [];
  crashAfter?: { call: string; remaining: number };
  private counter = 0;

  add(userName: string): { accessKeyId: string; secretAccessKey: string } {
    const accessKeyId = `AKIA${String(++this.counter).padStart(16, "0")}`;
    const secretAccessKey = `secret-${this.counter}-${"s".repeat(32)}`;
    this.keys.set(accessKeyId, { userName, secret: secretAccessKey, active: true });
    return { accessKeyId, secretAccessKey };
  }
  keysOf(userName: string): string[] {
    return [...this.keys].filter(([, k]) => k.userName === userName).map(([id]) => id);
  }
  private after(call: string): void {
    this.calls.push(call);
    if (this.crashAfter?.call === call && this.crashAfter.remaining-- === 0) throw new Error(`crash after ${call}`);
  }
  async listAccessKeys(userName: string) {
    const out = this.keysOf(userName).map((accessKeyId) => ({ accessKeyId, active: this.keys.get(accessKeyId)!.active }));
    this.after("ListAccessKeys");
    return out;
  }
  async createAccessKey(userName: string) {
    if (this.keysOf(userName).length >= 2) throw new AwsQueryError("iam", "CreateAccessKey", "LimitExceeded", 409);
    const created = this.add(userName);
    this.after("CreateAccessKey");
    return created;
  }
  async deleteAccessKey(_userName: string, accessKeyId: string) {
    this.keys.delete(accessKeyId);
    this.after("DeleteAccessKey");
  }
  async callerArn(credentials: AwsCredentials) {
    const key = this.keys.get(credentials.accessKeyId);
    if (!key || key.secret !== credentials.secretAccessKey)
      throw new AwsQueryError("sts", "GetCallerIdentity", "InvalidClientTokenId", 403);
    this.after("GetCallerIdentity");
    return `arn:aws:iam::111122223333:user/etl/${key.userName}`;
  }
}

const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;

function setUp() {
  const iam = new FakeIam();
  const first = iam.add("etl-loader");
  const store = new InMemorySecretStore();
  store.versions.set("v1", { value: JSON.stringify({ userName: "etl-loader", ...first }), stages: ["AWSCURRENT"] });
  store.versions.set("v2", { stages: ["AWSPENDING"] });
  const lines: string[] = [];
  const handler = createRotationHandler(() => new IamAccessKeyStrategy(iam, { verifyAttempts: 2, verifyDelayMs: 1 }), {
    environment: {},
    sink: (line) => lines.push(line),
    store: () => store,
  });
  const step = (Step: (typeof STEPS)[number]) => handler({ Step, SecretId: store.arn, ClientRequestToken: "v2" });
  return { iam, first, store, lines, step };
}

describe("aws-iam-access-key rotation", () => {
  it("creates a second key, verifies it signs as the user, moves AWSCURRENT and deletes the previous key", async () => {
    const { iam, first, store, lines, step } = setUp();
    for (const name of STEPS) await step(name);
    const pending = JSON.parse(store.versions.get("v2")!.value!);
    expect(store.versions.get("v2")!.stages).toContain("AWSCURRENT");
    expect(iam.keysOf("etl-loader")).toEqual([pending.accessKeyId]);
    expect(pending.accessKeyId).not.toBe(first.accessKeyId);
    expect(Object.keys(pending)).toEqual(["userName", "accessKeyId", "secretAccessKey", "conn_type", "login", "password"]);
    // What Airflow's Secrets Manager backend reads is the new key, in the same version.
    expect(pending).toMatchObject({ conn_type: "aws", login: pending.accessKeyId, password: pending.secretAccessKey });
    // Secret access keys never reach a log line.
    for (const secret of [first.secretAccessKey, pending.secretAccessKey]) expect(lines.join("\n")).not.toContain(secret);
  });

  it("repeating every step changes nothing twice", async () => {
    const { iam, store, step } = setUp();
    for (const name of STEPS) {
      await step(name);
      await step(name);
    }
    expect(iam.keysOf("etl-loader")).toEqual([JSON.parse(store.versions.get("v2")!.value!).accessKeyId]);
  });

  it.each([
    ["ListAccessKeys", 0],
    ["CreateAccessKey", 0],
    ["GetCallerIdentity", 0],
    ["GetCallerIdentity", 1],
    ["DeleteAccessKey", 0],
  ])("a crash after %s (#%i) ends rotated on retry, never with more than two keys or a lost current key", async (call, nth) => {
    const { iam, store, step } = setUp();
    iam.crashAfter = { call, remaining: nth };
    let maxKeys = 0;
    for (const name of STEPS) {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await step(name);
          break;
        } catch {
          // Secrets Manager retries the step.
        } finally {
          maxKeys = Math.max(maxKeys, iam.keysOf("etl-loader").length);
        }
      }
    }
    const current = [...store.versions.values()].find((v) => v.stages.includes("AWSCURRENT"))!;
    const currentKey = JSON.parse(current.value!);
    expect(store.versions.get("v2")!.stages).toContain("AWSCURRENT");
    expect(await iam.callerArn(currentKey)).toBe("arn:aws:iam::111122223333:user/etl/etl-loader");
    expect(iam.keysOf("etl-loader")).toEqual([currentKey.accessKeyId]);
    expect(maxKeys).toBeLessThanOrEqual(2);
  });

  it("deletes a stray key an interrupted createSecret left before making the new one", async () => {
    const { iam, step } = setUp();
    const stray = iam.add("etl-loader");
    await step("createSecret");
    expect(iam.keysOf("etl-loader")).not.toContain(stray.accessKeyId);
    expect(iam.keysOf("etl-loader")).toHaveLength(2);
  });

  it("refuses a pending key of another user, and a current key that no longer exists", async () => {
    const { iam, store, step, first } = setUp();
    const other = iam.add("someone-else");
    store.versions.set("v2", { value: JSON.stringify({ userName: "someone-else", ...other }), stages: ["AWSPENDING"] });
    await expect(step("setSecret")).rejects.toThrow(/different userName than the current one/);
    store.versions.set("v2", { stages: ["AWSPENDING"] });
    iam.keys.delete(first.accessKeyId);
    await expect(step("createSecret")).rejects.toThrow(/no longer exists for IAM user etl-loader/);
  });

  it("never deletes the user's only active key when the secret's current key is inactive", async () => {
    // GIVEN the secret's current key deactivated and the user working with another, active key
    const { iam, first, step } = setUp();
    iam.keys.get(first.accessKeyId)!.active = false;
    const inUse = iam.add("etl-loader");
    // WHEN createSecret runs THEN it refuses, and the active key survives
    await expect(step("createSecret")).rejects.toThrow(/inactive.*only active key/);
    expect(iam.keysOf("etl-loader")).toContain(inUse.accessKeyId);
  });

  it("keeps the previous key when the key the secret now holds is inactive", async () => {
    const { iam, store, step } = setUp();
    for (const name of STEPS.slice(0, 3)) await step(name);
    const previousKey = JSON.parse(store.versions.get("v1")!.value!).accessKeyId;
    const pendingKey = JSON.parse(store.versions.get("v2")!.value!).accessKeyId;
    iam.keys.get(pendingKey)!.active = false;
    await step("finishSecret");
    expect(iam.keysOf("etl-loader")).toContain(previousKey);
  });
});
