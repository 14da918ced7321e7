/*
 * moto (tools/engines/start-moto.sh) as the SNS the rotation announcements go to, read back
 * through an SQS queue subscribed with raw delivery: what a consumer of the topic receives.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signRequest } from "../../../lib/rotation/aws-sigv4";
import { readEnvFile, REPO } from "./engines";

export const MOTO_REGION = "us-east-1";
export const MOTO_CREDENTIALS = { accessKeyId: ["AKIA", "MOTO", "LIVE"].join(""), secretAccessKey: ["moto", "live", "key"].join("-") };

export interface MotoSns {
  readonly endpoint: string;
  /** Creates topics, one queue subscribed to all of them; returns the topic ARNs by name. */
  subscribe(topicNames: readonly string[]): Promise<Record<string, string>>;
  /** Every message waiting on the queue, parsed, deleted as read. */
  drain(): Promise<Record<string, string>[]>;
  /** The Lambda-style environment of a function publishing to this moto. */
  environment(): Record<string, string>;
  stop(): void;
}

export function startMotoSns(): MotoSns {
  const state = mkdtempSync(join(tmpdir(), "live-moto-sns-"));
  execFileSync("bash", [join(REPO, "tools/engines/start-moto.sh"), state, REPO], { stdio: ["ignore", "ignore", "inherit"] });
  const endpoint = readEnvFile(join(state, "moto.env")).MOTO_ENDPOINT;
  let queueUrl = "";
  const call = async (service: string, params: Record<string, string>): Promise<string> => {
    const body = new URLSearchParams(params).toString();
    const url = `${endpoint}/`;
    const headers = signRequest(
      {
        method: "POST",
        url,
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
        body,
        service,
        region: MOTO_REGION,
      },
      MOTO_CREDENTIALS,
    );
    const response = await fetch(url, { method: "POST", headers, body });
    const text = await response.text();
    if (!response.ok) throw new Error(`${service} ${params.Action}: ${response.status} ${text.slice(0, 300)}`);
    return text;
  };
  const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? "";
  return {
    endpoint,
    async subscribe(topicNames) {
      queueUrl = tag(await call("sqs", { Action: "CreateQueue", QueueName: "consumer-of-rotations" }), "QueueUrl");
      const queueArn = tag(await call("sqs", { Action: "GetQueueAttributes", QueueUrl: queueUrl, "AttributeName.1": "QueueArn" }), "Value");
      const topics: Record<string, string> = {};
      for (const name of topicNames) {
        topics[name] = tag(await call("sns", { Action: "CreateTopic", Name: name }), "TopicArn");
        await call("sns", {
          Action: "Subscribe",
          TopicArn: topics[name],
          Protocol: "sqs",
          Endpoint: queueArn,
          "Attributes.entry.1.key": "RawMessageDelivery",
          "Attributes.entry.1.value": "true",
        });
      }
      return topics;
    },
    async drain() {
      const messages: Record<string, string>[] = [];
      for (;;) {
        const xml = await call("sqs", { Action: "ReceiveMessage", QueueUrl: queueUrl, MaxNumberOfMessages: "10", WaitTimeSeconds: "1" });
        const bodies = [...xml.matchAll(/<Body>([^<]*)<\/Body>/g)].map((m) =>
          m[1]
            .replace(/&quot;/g, '"')
            .replace(/&lt;/g, "<")
            .replace(/&gt;/g, ">")
            .replace(/&amp;/g, "&"),
        );
        const handles = [...xml.matchAll(/<ReceiptHandle>([^<]*)<\/ReceiptHandle>/g)].map((m) => m[1]);
        if (bodies.length === 0) return messages;
        for (const body of bodies) messages.push(JSON.parse(body));
        for (const handle of handles) await call("sqs", { Action: "DeleteMessage", QueueUrl: queueUrl, ReceiptHandle: handle });
      }
    },
    environment: () => ({
      AWS_REGION: MOTO_REGION,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      SNS_ENDPOINT: `${endpoint}/`,
    }),
    stop() {
      execFileSync("bash", [join(REPO, "tools/engines/stop-moto.sh"), state], { stdio: "ignore" });
      rmSync(state, { recursive: true, force: true });
    },
  };
}
