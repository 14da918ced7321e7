import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { rotationMessage, vaultLocation, type RotationSucceededMessage } from "../../lib/rotation/notifier/contract";
import { createNotifierHandler, notifierConfigFromEnvironment, type RotationSucceededEvent } from "../../lib/rotation/notifier/handler";
import { packageNotifierFunction } from "../../lib/rotation/notifier/package";
import { parseSecretName, secretNameFromArn } from "../../lib/rotation/notifier/secret-name";
import { publishForm, QuerySnsPublisher, type PublishRequest, type SnsPublisher } from "../../lib/rotation/notifier/sns-publisher";

const TOPIC = "arn:aws:sns:eu-west-1:222222222222:acme-data-prod-secret-rotated";
const ARN = "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod/orders-db/loader-AbC123";

function event(secretArn: string | undefined, eventName = "RotationSucceeded"): RotationSucceededEvent {
  return {
    source: "aws.secretsmanager",
    "detail-type": "AWS Service Event via CloudTrail",
    time: "2025-03-01T02:00:00Z",
    detail: { eventName, additionalEventData: secretArn === undefined ? {} : { SecretId: secretArn } },
  };
}

function harness(publish: (request: PublishRequest) => Promise<string> = async () => "message-1") {
  const published: PublishRequest[] = [];
  const lines: string[] = [];
  const publisher: SnsPublisher = {
    publish: async (request) => {
      published.push(request);
      return publish(request);
    },
  };
  const handler = createNotifierHandler({
    config: { topicArn: TOPIC, organization: "acme-data", environment: "prod" },
    publisher,
    sink: (line) => lines.push(line),
  });
  return { handler, published, lines, logs: () => lines.map((line) => JSON.parse(line)) };
}

describe("secret names", () => {
  it("strips the 6-character random suffix from a secret ARN, whatever the partition", () => {
    expect(secretNameFromArn(ARN)).toBe("acme-data/prod/orders-db/loader");
    expect(secretNameFromArn("arn:aws-us-gov:secretsmanager:us-gov-west-1:222222222222:secret:a/b/c-d/e-f-xY9zZ0")).toBe("a/b/c-d/e-f");
  });

  it("rejects text that is not a full secret ARN", () => {
    expect(secretNameFromArn("acme-data/prod/orders-db/loader")).toBeUndefined();
    expect(secretNameFromArn("arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod/orders-db/loader")).toBeUndefined();
    expect(secretNameFromArn("arn:aws:sns:eu-west-1:222222222222:secret:a/b/c/d-AbC123")).toBeUndefined();
  });

  it("splits a name into organization, environment, connector and credential", () => {
    expect(parseSecretName("acme-data/prod/orders-db/loader")).toEqual({
      organization: "acme-data",
      environment: "prod",
      connector: "orders-db",
      credential: "loader",
    });
  });

  it("refuses names off the naming contract", () => {
    for (const name of [
      "acme-data/prod/orders-db",
      "acme-data/prod/orders-db/loader/extra",
      "acme-data//orders-db/loader",
      "acme-data/prod/../loader",
    ]) {
      expect(parseSecretName(name)).toBeUndefined();
    }
  });
});

describe("rotation notifier handler", () => {
  it("publishes the exact message and the connector, credential and environment attributes", async () => {
    const { handler, published } = harness();
    const result = await handler(event(ARN));
    expect(result).toEqual({ published: true, messageId: "message-1", connector: "orders-db", credential: "loader" });
    expect(published).toHaveLength(1);
    expect(published[0].topicArn).toBe(TOPIC);
    expect(published[0].message).toBe(
      '{"event":"RotationSucceeded","organization":"acme-data","environment":"prod","connector":"orders-db","credential":"loader",' +
        `"secretArn":"${ARN}","time":"2025-03-01T02:00:00Z",` +
        `"store":"aws","source":"secrets-manager","location":"${ARN}","dedupeId":"${ARN}@2025-03-01T02:00:00Z"}`,
    );
    expect(published[0].attributes).toEqual({ connector: "orders-db", credential: "loader", environment: "prod" });
  });

  it("refuses a secret of another environment, logs an error and publishes nothing", async () => {
    const { handler, published, logs } = harness();
    const result = await handler(event(ARN.replace("/prod/", "/dev/")));
    expect(result).toEqual({ published: false, reason: "the secret belongs to acme-data/dev, not acme-data/prod" });
    expect(published).toEqual([]);
    expect(logs()).toEqual([expect.objectContaining({ level: "error", message: expect.stringContaining("acme-data/dev") })]);
  });

  it("refuses a secret of another organization", async () => {
    const { handler, published } = harness();
    expect(await handler(event(ARN.replace("acme-data/", "other/")))).toMatchObject({ published: false });
    expect(published).toEqual([]);
  });

  it("refuses events without a secret ARN, with a name off the contract, or of another event name", async () => {
    const { handler, published, logs } = harness();
    expect(await handler(event(undefined))).toMatchObject({ published: false });
    expect(await handler(event("acme-data/prod/orders-db/loader"))).toMatchObject({ published: false });
    expect(await handler(event(ARN.replace("/loader-", "/loader/x-")))).toMatchObject({ published: false });
    expect(await handler(event(ARN, "RotationFailed"))).toMatchObject({ published: false });
    expect(await handler({} as RotationSucceededEvent)).toMatchObject({ published: false });
    expect(published).toEqual([]);
    expect(logs().every((line) => line.level === "error")).toBe(true);
  });

  it("logs ids only, never the message body", async () => {
    const { handler, lines, logs } = harness();
    await handler(event(ARN));
    expect(logs()).toEqual([
      {
        level: "info",
        message: "rotation announced",
        environment: "prod",
        connector: "orders-db",
        credential: "loader",
        messageId: "message-1",
      },
    ]);
    expect(lines.join("\n")).not.toContain('"event":"RotationSucceeded"');
  });

  it("rethrows a failed publish so Lambda retries and finally dead-letters the event", async () => {
    const { handler, logs } = harness(async () => {
      throw new Error("SNS refused Publish (403 AuthorizationError)");
    });
    await expect(handler(event(ARN))).rejects.toThrow("AuthorizationError");
    expect(logs()[0]).toMatchObject({
      level: "error",
      connector: "orders-db",
      error: "Error: SNS refused Publish (403 AuthorizationError)",
    });
  });

  it("reads its configuration from the environment and names a missing variable", () => {
    expect(notifierConfigFromEnvironment({ TOPIC_ARN: TOPIC, ORGANIZATION: "acme-data", ENVIRONMENT: "prod" })).toEqual({
      topicArn: TOPIC,
      organization: "acme-data",
      environment: "prod",
    });
    expect(() => notifierConfigFromEnvironment({ TOPIC_ARN: TOPIC, ORGANIZATION: "acme-data" })).toThrow("ENVIRONMENT");
  });
});

describe("SNS Publish over the Query API", () => {
  it("encodes the message and String attributes, sorted by name", () => {
    const form = new URLSearchParams(
      publishForm({ topicArn: TOPIC, message: '{"a":1}', attributes: { environment: "prod", connector: "orders-db" } }),
    );
    expect([...form.entries()]).toEqual([
      ["Action", "Publish"],
      ["Version", "2010-03-31"],
      ["TopicArn", TOPIC],
      ["Message", '{"a":1}'],
      ["MessageAttributes.entry.1.Name", "connector"],
      ["MessageAttributes.entry.1.Value.DataType", "String"],
      ["MessageAttributes.entry.1.Value.StringValue", "orders-db"],
      ["MessageAttributes.entry.2.Name", "environment"],
      ["MessageAttributes.entry.2.Value.DataType", "String"],
      ["MessageAttributes.entry.2.Value.StringValue", "prod"],
    ]);
  });

  it("signs a POST to the regional endpoint for service sns and returns the MessageId", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response("<PublishResponse><PublishResult><MessageId>m-42</MessageId></PublishResult></PublishResponse>", { status: 200 });
    }) as unknown as typeof fetch;
    const publisher = new QuerySnsPublisher({
      region: "eu-west-1",
      credentials: () => ({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token" }),
      fetch: fakeFetch,
    });
    expect(await publisher.publish({ topicArn: TOPIC, message: "{}", attributes: { connector: "c" } })).toBe("m-42");
    expect(calls[0].url).toBe("https://sns.eu-west-1.amazonaws.com/");
    const headers = calls[0].init.headers as Record<string, string>;
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sns\/aws4_request, /);
    expect(headers["x-amz-security-token"]).toBe("token");
  });

  it("turns an error answer into its code only", async () => {
    const fakeFetch = (async () =>
      new Response(
        "<ErrorResponse><Error><Code>AuthorizationError</Code><Message>User x is not authorized</Message></Error></ErrorResponse>",
        { status: 403 },
      )) as unknown as typeof fetch;
    const publisher = new QuerySnsPublisher({
      region: "eu-west-1",
      credentials: () => ({ accessKeyId: "a", secretAccessKey: "b" }),
      fetch: fakeFetch,
    });
    await expect(publisher.publish({ topicArn: TOPIC, message: "{}", attributes: {} })).rejects.toThrow(
      "SNS refused Publish (403 AuthorizationError)",
    );
  });
});

describe("packageNotifierFunction", () => {
  it("zips one index.js with the handler, no absolute paths and no cdktf", () => {
    const bundle = packageNotifierFunction();
    expect(bundle).toMatchObject({ handler: "index.handler", runtime: "nodejs22.x" });
    const files = unzipSync(bundle.zip);
    expect(Object.keys(files)).toEqual(["index.js"]);
    const code = Buffer.from(files["index.js"]).toString("utf8");
    expect(code).not.toContain(process.cwd());
    expect(code).not.toMatch(/cdktf/);
    expect(code).toContain("TOPIC_ARN");
  });

  it("gives the same bytes in another process and another time zone", () => {
    const script =
      `const p = require(${JSON.stringify(join(__dirname, "../../lib/rotation/notifier/package"))});` +
      `process.stdout.write(p.packageNotifierFunction().sha256Base64)`;
    const elsewhere = execFileSync(process.execPath, ["--import", "tsx", "-e", script], {
      encoding: "utf8",
      env: { ...process.env, TZ: "Pacific/Kiritimati" },
    });
    expect(elsewhere).toBe(packageNotifierFunction().sha256Base64);
  });
});

describe("rotation message contract", () => {
  const vaultRotation = {
    store: "vault" as const,
    source: "vault-static-role" as const,
    organization: "acme-data",
    environment: "prod",
    connector: "orders-db",
    credential: "loader",
    location: vaultLocation("vault.acme.example", "etl/prod", "database/static-roles/orders-db-loader"),
    time: "2026-03-01T02:00:00Z",
  };

  it("keeps the first release's keys, in their order, as the prefix of a Secrets Manager message", () => {
    const { message } = rotationMessage({
      store: "aws",
      organization: "acme-data",
      environment: "prod",
      connector: "orders-db",
      credential: "loader",
      secretArn: ARN,
      time: "t1",
    });
    expect(Object.keys(message)).toEqual([
      "event",
      "organization",
      "environment",
      "connector",
      "credential",
      "secretArn",
      "time",
      "store",
      "source",
      "location",
      "dedupeId",
    ]);
  });

  it("leaves the SNS attributes of a Secrets Manager message as they were: connector, credential, environment", () => {
    const { attributes } = rotationMessage({
      store: "aws",
      organization: "acme-data",
      environment: "prod",
      connector: "orders-db",
      credential: "loader",
      secretArn: ARN,
      time: "t1",
    });
    expect(attributes).toEqual({ connector: "orders-db", credential: "loader", environment: "prod" });
  });

  it("announces a Vault rotation without secretArn, with its location, source and a store attribute", () => {
    const { message, attributes } = rotationMessage(vaultRotation);
    const expected: RotationSucceededMessage = {
      event: "RotationSucceeded",
      organization: "acme-data",
      environment: "prod",
      connector: "orders-db",
      credential: "loader",
      time: "2026-03-01T02:00:00Z",
      store: "vault",
      source: "vault-static-role",
      location: "vault:vault.acme.example/etl/prod/database/static-roles/orders-db-loader",
      dedupeId: "vault:vault.acme.example/etl/prod/database/static-roles/orders-db-loader@2026-03-01T02:00:00Z",
    };
    expect(JSON.stringify(message)).toBe(JSON.stringify(expected));
    expect(attributes).toEqual({ connector: "orders-db", credential: "loader", environment: "prod", store: "vault" });
  });

  it("gives one rotation one dedupeId, and another rotation time another", () => {
    expect(rotationMessage(vaultRotation).message.dedupeId).toBe(rotationMessage({ ...vaultRotation }).message.dedupeId);
    expect(rotationMessage({ ...vaultRotation, time: "2026-03-02T02:00:00Z" }).message.dedupeId).not.toBe(
      rotationMessage(vaultRotation).message.dedupeId,
    );
  });

  it("writes a location without a namespace segment on Vault CE and without doubled slashes", () => {
    expect(vaultLocation("vault.acme.example:8443", undefined, "prod/kv/data/connectors/a/b")).toBe(
      "vault:vault.acme.example:8443/prod/kv/data/connectors/a/b",
    );
    expect(vaultLocation("vault.acme.example", "etl/prod/", "/kv/data/connectors/a/b")).toBe(
      "vault:vault.acme.example/etl/prod/kv/data/connectors/a/b",
    );
  });
});
