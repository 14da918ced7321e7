import { checkBoundaries, type BoundaryCrossing } from "../../../lib/inventory/cross-field/boundaries";
import { RuleContext } from "../../../lib/inventory/cross-field/raw-view";
import { type Doc, inventoryWith, messagesOf, messagesWithCode } from "../../support/inventory/base-inventory";

// dev is account 111111111111, prod 222222222222 (support/base-inventory.ts).
const DEV_ACCOUNT = "111111111111";
const THIRD_PARTY = "999999999999";

/** billing-mysql (AWS, rotated password, in dev and prod) with a cloud role beside its password. */
function withCloudRole(role: Record<string, unknown>, mutate?: (d: Doc) => void): Doc {
  return inventoryWith((d) => {
    d.connectors[1].credentials = {
      main: d.connectors[1].credential,
      landing: { type: "cloud-role", provider: "aws", allow: { "s3:GetObject": ["arn:aws:s3:::acme-landing/*"] }, ...role },
    };
    delete d.connectors[1].credential;
    mutate?.(d);
  });
}

describe("boundaries: trust stays inside an environment", () => {
  it("fails when a prod consumer role trusts the dev account (as an existing dev role is refused), and says how to get across", () => {
    // GIVEN billing-mysql lives in dev and prod; its consumer trusts dev's whole account
    const doc = inventoryWith((d) => void (d.connectors[1].consumers[0].auth = { method: "aws-iam", trustedAccount: DEV_ACCOUNT }));

    expect(messagesWithCode(doc, "cross-environment-trust")).toEqual([
      "connectors[1].consumers[0].auth.trustedAccount: account 111111111111 is the AWS account of environment(s) dev, but the role is created in environment prod (account 222222222222): " +
        "trusting another environment's whole account crosses the environment boundary; trust a principal of this environment (roleName, trustedService) or declare an approved exception",
    ]);
  });

  it("passes when the trusted account is the environment's own", () => {
    const doc = inventoryWith((d) => {
      d.connectors[1].consumers[0].auth = { method: "aws-iam", trustedAccount: DEV_ACCOUNT };
      d.connectors[1].environments = { dev: {} };
    });

    expect(messagesOf(doc)).toEqual([]);
  });

  it("fails when a cloud role of a prod connector trusts the dev account", () => {
    const doc = withCloudRole({ trustedAccount: DEV_ACCOUNT }, (d) => void (d.connectors[1].environments = { prod: {} }));

    expect(messagesWithCode(doc, "cross-environment-trust").map((m) => m.split(":")[0])).toEqual([
      "connectors[1].credentials.landing.trustedAccount",
    ]);
  });

  it("fails at the override's path when a prod override makes a cloud role trust the dev account", () => {
    const doc = withCloudRole({ trustedAccount: THIRD_PARTY, externalId: "acme-landing-7f3k" }, (d) => {
      d.connectors[1].environments.prod = { credentials: { landing: { trustedAccount: DEV_ACCOUNT } } };
    });

    expect(messagesWithCode(doc, "cross-environment-trust").map((m) => m.split(":")[0])).toEqual([
      "connectors[1].environments.prod.credentials.landing.trustedAccount",
    ]);
  });

  it("lets an exception predicate (approved exceptions, later) allow exactly the crossing it names", () => {
    const doc = inventoryWith((d) => void (d.connectors[1].consumers[0].auth = { method: "aws-iam", trustedAccount: DEV_ACCOUNT }));
    const seen: BoundaryCrossing[] = [];
    const ctx = new RuleContext(doc);
    checkBoundaries(ctx, (crossing) => {
      seen.push(crossing);
      return crossing.kind === "cross-environment-trust" && crossing.environment === "prod" && crossing.trustedAccount === DEV_ACCOUNT;
    });

    expect(ctx.issues).toEqual([]);
    expect(seen).toEqual([
      expect.objectContaining({
        kind: "cross-environment-trust",
        connectorId: "billing-mysql",
        environment: "prod",
        trustedAccount: DEV_ACCOUNT,
        accountEnvironments: ["dev"],
      }),
    ]);
  });
});

describe("boundaries: a third party's trust carries its external id", () => {
  it("fails when a consumer run by a third party reads a secret through a role without an external id", () => {
    const doc = inventoryWith((d) => void (d.connectors[1].consumers[0].auth = { method: "aws-iam", trustedAccount: THIRD_PARTY }));

    expect(messagesOf(doc)).toEqual([
      "connectors[1].consumers[0].auth.externalId: is required: account 999999999999 is no account of this inventory (a third party), and the role it assumes must ask for the external id the third party issued (sts:ExternalId), against the confused deputy",
    ]);
  });

  it("passes with the consumer's external id", () => {
    const doc = inventoryWith(
      (d) => void (d.connectors[1].consumers[0].auth = { method: "aws-iam", trustedAccount: THIRD_PARTY, externalId: "vendor-issued-id" }),
    );

    expect(messagesOf(doc)).toEqual([]);
  });

  it("passes when every credential the third party reads is a cloud role with an external id (realworld.yaml's vendor)", () => {
    const doc = withCloudRole({ externalId: "acme-landing-7f3k" }, (d) => {
      d.connectors[1].consumers[0] = {
        id: "vendor-etl",
        auth: { method: "aws-iam", trustedAccount: THIRD_PARTY },
        credentials: ["landing"],
      };
    });

    expect(messagesOf(doc)).toEqual([]);
  });

  it("fails when a consumer gives an external id but no third party", () => {
    const doc = inventoryWith((d) => void (d.connectors[1].consumers[0].auth.externalId = "vendor-issued-id"));

    expect(messagesOf(doc)).toEqual([
      "connectors[1].consumers[0].auth.externalId: is only used with trustedAccount (the third party that issued it); remove it, or name the third party's account",
    ]);
  });

  it("fails when a cloud role trusts a third party without an external id", () => {
    const doc = withCloudRole({ trustedAccount: THIRD_PARTY });

    expect(messagesWithCode(doc, "third-party-needs-external-id").map((m) => m.split(": ")[0])).toEqual([
      "connectors[1].credentials.landing.externalId",
    ]);
  });
});

describe("boundaries: permissions name exact resources", () => {
  const withAllow = (allow: Record<string, string[]>) => withCloudRole({ allow });
  const refused = (doc: Doc) => messagesWithCode(doc, "wildcard-action", "wildcard-resource");

  it("fails for iam:* on arn:aws:iam::*:*, at the action and at the resource", () => {
    expect(refused(withAllow({ "iam:*": ["arn:aws:iam::*:*"] }))).toEqual([
      'connectors[1].credentials.landing.allow["iam:*"]: a wildcard action grants every action it matches (the whole service): name each action (such as s3:GetObject), or declare an approved exception',
      'connectors[1].credentials.landing.allow["iam:*"][0]: a wildcard as the account of an ARN reaches every account; permissions name exact resources, or declare an approved exception',
    ]);
  });

  it.each([
    ["arn:aws:s3:::*", "whole resource"],
    ["arn:aws:s3:::acme-*/exports", "bucket"],
    ["arn:aws:s3:::*/exports/*", "bucket"],
    ["arn:*:s3:::acme-landing/*", "partition"],
    ["arn:aws:*:eu-west-1:222222222222:table/orders", "service"],
    ["arn:aws:dynamodb:*:222222222222:table/orders", "region"],
    ["arn:aws:dynamodb:eu-west-1:*:table/orders", "account"],
    ["arn:aws:iam::222222222222:role/*", "resource's name"],
    ["arn:aws:dynamodb:eu-west-1:222222222222:table/*", "resource's name"],
  ])("fails for %s (%s)", (arn, field) => {
    const messages = refused(withAllow({ "s3:GetObject": [arn] }));

    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(field);
  });

  it.each([
    "arn:aws:s3:::acme-landing/*",
    "arn:aws:s3:::acme-landing/exports/*",
    "arn:aws:s3:::acme-landing",
    "arn:aws:secretsmanager:eu-west-1:222222222222:secret:etl/orders-*",
    "arn:aws:dynamodb:eu-west-1:222222222222:table/orders/index/*",
  ])("passes for %s (a trailing wildcard inside a named resource)", (arn) => {
    expect(refused(withAllow({ "s3:GetObject": [arn] }))).toEqual([]);
  });

  it("fails for a partial wildcard action", () => {
    expect(refused(withAllow({ "s3:Get*": ["arn:aws:s3:::acme-landing/*"] }))).toHaveLength(1);
  });

  it("fails for a wildcard in a dynamic access key's allow and in a per-environment override", () => {
    const doc = inventoryWith((d) => {
      d.connectors[0].credentials = {
        main: d.connectors[0].credential,
        s3: {
          type: "cloud-access-key",
          provider: "aws",
          mode: "dynamic",
          roleName: "orders-s3",
          allow: { "s3:*": ["arn:aws:s3:::orders-exports/*"] },
        },
      };
      delete d.connectors[0].credential;
      d.connectors[0].environments.prod = { credentials: { s3: { allow: { "s3:GetObject": ["arn:aws:s3:::*"] } } } };
    });

    expect(refused(doc).map((m) => m.split(": ")[0])).toEqual([
      'connectors[0].credentials.s3.allow["s3:*"]',
      'connectors[0].environments.prod.credentials.s3.allow["s3:GetObject"][0]',
    ]);
  });

  it("never quotes the ARN (it could carry anything)", () => {
    const doc = withAllow({ "s3:GetObject": ["arn:aws:s3:::*Qz7kP2Lx9Wm4"] });

    // Refused as a wildcard, and (random-looking as it is) as possible secret material too; quoted by neither.
    expect(messagesOf(doc).some((message) => message.includes("a wildcard in the bucket name"))).toBe(true);
    expect(messagesOf(doc).join("\n")).not.toContain("Qz7kP2Lx9Wm4");
  });
});
