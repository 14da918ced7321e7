import { signRequest, type AwsCredentials } from "../aws-sigv4";

/** One SNS Publish: the message body and its String attributes. */
export interface PublishRequest {
  readonly topicArn: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Publishes to SNS; injected so tests run without AWS. Resolves to the MessageId. */
export interface SnsPublisher {
  publish(request: PublishRequest): Promise<string>;
}

/** SNS refused a Publish; carries the error code only (the message may quote the request). */
export class SnsPublishError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
  ) {
    super(`SNS refused Publish (${status} ${code})`);
    this.name = "SnsPublishError";
  }
}

export interface QuerySnsPublisherOptions {
  readonly region: string;
  readonly credentials: () => AwsCredentials;
  /** @default https://sns.<region>.amazonaws.com/ (amazonaws.com.cn in China) */
  readonly endpoint?: string;
  /** @default 10000 */
  readonly timeoutMs?: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** The Query API form of a Publish (Action=Publish, Version 2010-03-31), attributes sorted by name. */
export function publishForm(request: PublishRequest): string {
  const form = new URLSearchParams({ Action: "Publish", Version: "2010-03-31", TopicArn: request.topicArn, Message: request.message });
  Object.keys(request.attributes)
    .sort()
    .forEach((name, index) => {
      const prefix = `MessageAttributes.entry.${index + 1}`;
      form.append(`${prefix}.Name`, name);
      form.append(`${prefix}.Value.DataType`, "String");
      form.append(`${prefix}.Value.StringValue`, request.attributes[name]);
    });
  return form.toString();
}

/**
 * SNS Publish over the Query API, signed with SigV4 (lib/rotation/aws-sigv4.ts): the Node 20 runtime
 * has no SNS client in this project's dependencies, and one signed POST needs no SDK.
 */
export class QuerySnsPublisher implements SnsPublisher {
  private readonly url: string;

  constructor(private readonly options: QuerySnsPublisherOptions) {
    const suffix = options.region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    this.url = options.endpoint ?? `https://sns.${options.region}.${suffix}/`;
  }

  async publish(request: PublishRequest): Promise<string> {
    const body = publishForm(request);
    const headers = signRequest(
      {
        method: "POST",
        url: this.url,
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
        body,
        service: "sns",
        region: this.options.region,
      },
      this.options.credentials(),
    );
    const send = this.options.fetch ?? fetch;
    const response = await send(this.url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      redirect: "error",
    });
    const text = await response.text();
    if (response.status < 200 || response.status >= 300)
      throw new SnsPublishError(/<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? "UnknownError", response.status);
    const messageId = /<MessageId>([^<]*)<\/MessageId>/.exec(text)?.[1];
    if (!messageId) throw new SnsPublishError("NoMessageId", response.status);
    return messageId;
  }
}

/** The function's role credentials, as Lambda sets them. */
export function credentialsFromEnvironment(environment: NodeJS.ProcessEnv = process.env): AwsCredentials {
  const accessKeyId = environment.AWS_ACCESS_KEY_ID;
  const secretAccessKey = environment.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error("no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
  return { accessKeyId, secretAccessKey, sessionToken: environment.AWS_SESSION_TOKEN || undefined };
}
