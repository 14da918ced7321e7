import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
// Test-only: the SDK's own signer (a transitive dependency of @aws-sdk) is the reference.
import { SignatureV4 } from "@smithy/signature-v4";
import { signRequest } from "../../lib/rotation/aws-sigv4";
import { propertyRuns } from "../support/property-runs";

/** @smithy's Checksum interface over node:crypto. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret ? createHmac("sha256", secret as string) : createHash("sha256");
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data as string);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

async function reference(
  body: string,
  url: URL,
  service: string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  now: Date,
) {
  const signer = new SignatureV4({ credentials, region, service, sha256: NodeSha256 as never, uriEscapePath: true, applyChecksum: false });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: {},
      headers: { host: url.host, "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body,
    } as never,
    { signingDate: now },
  );
  return (signed as unknown as { headers: Record<string, string> }).headers.authorization;
}

describe("SigV4 signing", () => {
  it("matches the AWS SDK's signer for Query API requests (random bodies, hosts, regions, session tokens)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.constantFrom("https://iam.amazonaws.com/", "https://sts.eu-west-1.amazonaws.com/", "http://127.0.0.1:5000/"),
        fc.constantFrom("us-east-1", "eu-west-1"),
        fc.option(fc.constantFrom("FwoGZXIvYXdzEXAMPLETOKEN", "token/with+chars="), { nil: undefined }),
        fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01") }),
        async (text, address, region, sessionToken, now) => {
          const body = new URLSearchParams({ Action: "GetCallerIdentity", Version: "2011-06-15", Extra: text }).toString();
          const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken };
          const url = new URL(address);
          const service = url.hostname.startsWith("iam") ? "iam" : "sts";
          const ours = signRequest(
            {
              method: "POST",
              url: address,
              headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
              body,
              service,
              region,
            },
            credentials,
            now,
          );
          expect(ours.authorization).toBe(await reference(body, url, service, region, credentials, now));
        },
      ),
      { numRuns: propertyRuns(60), seed: 4 },
    );
  });
});
