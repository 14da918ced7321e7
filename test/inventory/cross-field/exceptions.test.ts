import * as fc from "fast-check";
import { formatIssue, validateDocument } from "../../../lib/inventory";
import { daysUntil, exceptionStatus } from "../../../lib/inventory/schema/exception";
import { devTrustException, prodTrustsDev } from "../../support/exception-inventory";
import { type Doc, inventoryWith } from "../../support/inventory/base-inventory";
import { propertyRuns } from "../../support/property-runs";

// dev is account 111111111111, prod 222222222222 (support/base-inventory.ts).
const DEV_ACCOUNT = "111111111111";
const NOW = "2026-06-01";

/** Each issue as a person reads it (warnings carry their prefix), judged as of `options.now`. */
function lines(doc: unknown, options: { now?: string } = { now: NOW }): string[] {
  return validateDocument(doc, undefined, options).issues.map((issue) =>
    issue.severity === "error" ? `error: ${formatIssue(issue)}` : formatIssue(issue),
  );
}

describe("exceptions: the only way across an environment boundary", () => {
  it("refuses a prod cloud role trusting the dev account without an exception", () => {
    expect(lines(prodTrustsDev([]))).toEqual([
      expect.stringMatching(
        /^error: connectors\[1\]\.environments\.prod\.credentials\.landing\.trustedAccount: account 111111111111 is the AWS account of environment\(s\) dev/,
      ),
    ]);
  });

  it("validates it with an exception that names exactly that crossing", () => {
    const result = validateDocument(prodTrustsDev([devTrustException()]), undefined, { now: NOW });

    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.inventory?.exceptions).toEqual([devTrustException()]);
  });

  it("also covers a consumer's trustedAccount when the exception names the consumer", () => {
    const doc = inventoryWith((d) => {
      d.owners.push({ id: "security", name: "Security", email: "security@acme.example" });
      d.connectors[1].consumers[0].auth = { method: "aws-iam", trustedAccount: DEV_ACCOUNT };
      d.connectors[1].environments = { prod: {} };
      d.exceptions = [devTrustException({ credential: undefined, consumer: "billing-sync" })].map((e) => JSON.parse(JSON.stringify(e)));
    });

    expect(lines(doc)).toEqual([]);
  });

  it.each([
    ["another environment", { environment: "dev" }],
    ["another account", { target: "333333333333" }],
    ["another connector", { connector: "orders-postgres" }],
    ["another credential", { credential: "main" }],
    ["another boundary", { boundary: "wildcard-permission" }],
  ])("refuses the crossing and the exception when the exception names %s", (_what, fields) => {
    const issues = validateDocument(prodTrustsDev([devTrustException(fields)]), undefined, { now: NOW }).issues;

    expect(issues.map((i) => i.code)).toEqual(expect.arrayContaining(["cross-environment-trust", "unused-exception"]));
    expect(issues.find((i) => i.code === "unused-exception")?.path).toEqual(["exceptions", 0]);
  });

  it("refuses an exception that matches no crossing (like an unused suppression)", () => {
    const doc = prodTrustsDev([devTrustException(), devTrustException({ id: "stale", target: "333333333333" })]);

    expect(lines(doc)).toEqual([
      "error: exceptions[1]: matches no cross-environment-trust of connector billing-mysql in environment prod: an exception names exactly one crossing " +
        "(connector, environment, the trusted account as written); remove it, or correct it",
    ]);
  });

  it("refuses unknown references and a self-approval, with the spec path", () => {
    const doc = prodTrustsDev([
      devTrustException(),
      devTrustException({
        id: "prod-landing-trusts-dev",
        requestedBy: "nobody",
        approvedBy: "nobody",
        connector: "ghost",
        environment: "qa",
      }),
    ]);
    const codes = validateDocument(doc, undefined, { now: NOW }).issues.map((i) => `${i.path.join(".")} ${i.code}`);

    expect(codes).toEqual(
      expect.arrayContaining([
        "exceptions.1.id duplicate-exception",
        "exceptions.1.requestedBy unknown-owner",
        "exceptions.1.approvedBy exception-self-approved",
        "exceptions.1.connector unknown-connector",
        "exceptions.1.environment unknown-environment",
      ]),
    );
  });

  it("refuses a reason too short to say why, and an impossible date", () => {
    const codes = validateDocument(prodTrustsDev([devTrustException({ reason: "needed", expires: "2026-02-30" })]), undefined, {
      now: NOW,
    }).issues.map((i) => i.path.join("."));

    expect(codes).toEqual(expect.arrayContaining(["exceptions.0.reason", "exceptions.0.expires"]));
  });
});

describe("exceptions: expiry by the caller's clock", () => {
  it("fails validation once the exception has expired", () => {
    expect(lines(prodTrustsDev([devTrustException({ expires: "2026-05-31" })]))).toEqual([
      "error: exceptions[0].expires: the exception expired 1 day(s) ago (2026-05-31, today 2026-06-01): renew it with a new approval, or remove the crossing and the exception",
    ]);
  });

  it("holds through its expiry day, warns 29 days ahead, and says nothing 31 days ahead", () => {
    expect(lines(prodTrustsDev([devTrustException({ expires: NOW })]))).toEqual([
      "warning: exceptions[0].expires: the exception expires in 0 day(s) (2026-06-01, today 2026-06-01): renew it with a new approval, or plan to remove the crossing",
    ]);
    const ahead = validateDocument(prodTrustsDev([devTrustException({ expires: "2026-06-30" })]), undefined, { now: NOW });
    expect(ahead.ok).toBe(true);
    expect(ahead.issues.map((i) => `${i.severity} ${i.code} ${i.message.split(":")[0]}`)).toEqual([
      "warning exception-expiring the exception expires in 29 day(s) (2026-06-30, today 2026-06-01)",
    ]);
    expect(lines(prodTrustsDev([devTrustException({ expires: "2026-07-02" })]))).toEqual([]);
  });

  it("never reads the clock itself: without `now`, expiry is not judged", () => {
    expect(lines(prodTrustsDev([devTrustException({ expires: "2001-01-01" })]), {})).toEqual([]);
  });

  it("judges any date pair as whole days (status and day count agree)", () => {
    const day = fc
      .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (expires, now) => {
        const days = daysUntil(expires, now);
        expect(Number.isInteger(days)).toBe(true);
        expect(exceptionStatus(expires, now)).toBe(days < 0 ? "expired" : days <= 30 ? "expiring" : "active");
        expect(days < 0).toBe(expires < now);
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});

describe("exceptions: wildcard permissions", () => {
  /** A cloud role of billing-mysql allowing s3:* (in dev and prod). */
  function starAllow(exceptions: Record<string, unknown>[]): Doc {
    return prodTrustsDev(exceptions, (d) => {
      d.connectors[1].environments.prod = {};
      d.connectors[1].credentials.landing.allow = { "s3:*": ["arn:aws:s3:::acme-landing/*"] };
    });
  }
  const star = (environment: string) =>
    devTrustException({ id: `star-${environment}`, boundary: "wildcard-permission", environment, target: "s3:*" });

  it("refuses a wildcard action unless an exception covers it in every environment it applies in", () => {
    expect(validateDocument(starAllow([]), undefined, { now: NOW }).issues.map((i) => i.code)).toEqual(["wildcard-action"]);
    expect(validateDocument(starAllow([star("prod")]), undefined, { now: NOW }).issues.map((i) => i.code)).toEqual(["wildcard-action"]);
    expect(lines(starAllow([star("prod"), star("dev")]))).toEqual([]);
  });
});
