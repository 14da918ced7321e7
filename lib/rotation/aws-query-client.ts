import { signRequest, type AwsCredentials } from "./aws-sigv4";
import { RotationError } from "./errors";

/** An AWS Query API error (`<Error><Code>…</Code>`), by code: the message may name values, so only the code travels. */
export class AwsQueryError extends RotationError {
  constructor(
    readonly service: string,
    readonly action: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(`${service} refused ${action} (${status} ${code})`);
  }
}

export interface AwsQueryEndpoint {
  readonly url: string;
  readonly service: "iam" | "sts";
  /** Signing region (IAM signs in its partition's home region). */
  readonly region: string;
  readonly version: string;
}

/** One Query API call (form-encoded POST, XML answer), signed with SigV4. */
export async function callAwsQuery(
  endpoint: AwsQueryEndpoint,
  action: string,
  parameters: Readonly<Record<string, string>>,
  credentials: AwsCredentials,
  timeoutMs: number,
): Promise<string> {
  const body = new URLSearchParams({ Action: action, Version: endpoint.version, ...parameters }).toString();
  const headers = signRequest(
    {
      method: "POST",
      url: endpoint.url,
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body,
      service: endpoint.service,
      region: endpoint.region,
    },
    credentials,
  );
  let response: Response;
  try {
    response = await fetch(endpoint.url, { method: "POST", headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
  } catch (error) {
    throw new RotationError(
      `${endpoint.service} ${action}: cannot reach ${new URL(endpoint.url).host} (${(error as { name?: string }).name ?? "error"}); the step will be retried`,
    );
  }
  const text = await response.text();
  if (response.status < 200 || response.status >= 300)
    throw new AwsQueryError(endpoint.service, action, xmlValue(text, "Code") ?? "UnknownError", response.status);
  return text;
}

/** The first `<tag>value</tag>` of a document (the answers used here hold no nested duplicates). */
export function xmlValue(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return match ? decodeXml(match[1]) : undefined;
}

export function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((m) => decodeXml(m[1]));
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** IAM's global endpoint and signing region of a partition, from the function's region. */
export function iamEndpointFor(region: string, override?: string): AwsQueryEndpoint {
  const home = region.startsWith("us-gov-") ? "us-gov-west-1" : region.startsWith("cn-") ? "cn-north-1" : "us-east-1";
  const host = region.startsWith("us-gov-")
    ? "iam.us-gov.amazonaws.com"
    : region.startsWith("cn-")
      ? "iam.cn-north-1.amazonaws.com.cn"
      : "iam.amazonaws.com";
  return { url: override ?? `https://${host}/`, service: "iam", region: home, version: "2010-05-08" };
}

/** The regional STS endpoint (never the legacy global one). */
export function stsEndpointFor(region: string, override?: string): AwsQueryEndpoint {
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return { url: override ?? `https://sts.${region}.${suffix}/`, service: "sts", region, version: "2011-06-15" };
}
