import { loadAccessModel } from "../../../lib/analysis/access-model";
import { simulationJson, simulationText } from "../../../lib/analysis/simulate";
import { simulate } from "../../support/analysis/simulate-checked";
import { DEV_ACCOUNT, devTrustException, PROD_ACCOUNT, prodTrustsDev } from "../../support/exception-inventory";
import { editStack, inventoryOf, readStack, resourceKey, SynthDirs } from "../../support/analysis/synth-dirs";

const NOW = "2026-06-01";
const LANDING_ROLE = `arn:aws:iam::${PROD_ACCOUNT}:role/acme-data-prod-billing-mysql-landing`;

const dirs = new SynthDirs();
let declared: string;
beforeAll(() => {
  declared = dirs.synth(inventoryOf(prodTrustsDev()));
});
afterAll(() => dirs.cleanup());

const crossings = (violations: readonly { kind: string; resource: string }[]) =>
  violations.filter((v) => v.kind === "cross-environment-trust").map((v) => v.resource);

describe("simulate: boundary crossings and declared exceptions", () => {
  it("writes the exception into its environment's stack metadata as declared, with the role it covers", () => {
    const intent = readStack(declared, "prod")["//"]["etl-secrets"];

    expect(intent.exceptions).toEqual([{ ...devTrustException(), principals: [LANDING_ROLE] }]);
    expect(loadAccessModel(declared).intent.exceptions).toEqual([{ ...devTrustException(), principals: [LANDING_ROLE] }]);
  });

  it("reports the declared crossing as allowed by its exception, not as a violation", () => {
    const result = simulate(loadAccessModel(declared), { now: NOW });

    expect(result.violations).toEqual([]);
    expect(result.allowedByException).toEqual([
      expect.objectContaining({
        kind: "cross-environment-trust",
        environment: "prod",
        resource: LANDING_ROLE,
        exception: "prod-landing-trusts-dev",
        approvedBy: "security",
        expires: "2026-12-31",
      }),
    ]);
    expect(JSON.parse(simulationJson(result)).allowedByException).toHaveLength(1);
    expect(simulationText(result)).toContain(
      `ALLOWED   prod/aws_iam_role.aws_cloud-role-billing-mysql_landing_role_3E01EB99 (prod) sts:AssumeRole ${LANDING_ROLE}\n` +
        "  kind: cross-environment-trust, allowed by exception prod-landing-trusts-dev (approved by security, expires 2026-12-31)\n",
    );
  });

  it("still flags a second, undeclared crossing (another role trusting the same account)", () => {
    const dir = dirs.copy(declared);
    editStack(dir, "prod", (json) => {
      const key = resourceKey(json, "aws_iam_role", "aws_consumer-billing-sync_role");
      const policy = JSON.parse(json.resource.aws_iam_role[key].assume_role_policy);
      policy.Statement.push({
        Sid: "Planted",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${DEV_ACCOUNT}:root` },
        Action: ["sts:AssumeRole"],
      });
      json.resource.aws_iam_role[key].assume_role_policy = JSON.stringify(policy);
    });
    const result = simulate(loadAccessModel(dir), { now: NOW });

    expect(crossings(result.violations)).toEqual([`arn:aws:iam::${PROD_ACCOUNT}:role/billing-sync-prod`]);
    expect(result.allowedByException.map((a) => a.resource)).toEqual([LANDING_ROLE]);
  });

  it("flags the crossing when the intent carries no exception, or one that expired by `now`", () => {
    const undeclared = dirs.copy(declared);
    editStack(undeclared, "prod", (json) => {
      delete json["//"]["etl-secrets"].exceptions;
    });

    expect(crossings(simulate(loadAccessModel(undeclared), { now: NOW }).violations)).toEqual([LANDING_ROLE]);
    const expired = simulate(loadAccessModel(declared), { now: "2027-01-01" });
    expect(crossings(expired.violations)).toEqual([LANDING_ROLE]);
    expect(expired.violations[0].reason).toMatch(/\(exception prod-landing-trusts-dev expired on 2026-12-31\)$/);
    expect(expired.allowedByException).toEqual([]);
  });

  it("does not let an exception of one role cover a wildcard it does not name", () => {
    const dir = dirs.copy(declared);
    editStack(dir, "prod", (json) => {
      const key = resourceKey(json, "aws_iam_role_policy", "cloud-role-billing-mysql_landing");
      json.resource.aws_iam_role_policy[key].policy = json.resource.aws_iam_role_policy[key].policy.replace('"s3:GetObject"', '"s3:*"');
    });
    const result = simulate(loadAccessModel(dir), { now: NOW });

    expect(result.violations.map((v) => `${v.kind} ${v.principal} ${v.action}`)).toEqual([`wildcard-action ${LANDING_ROLE} s3:*`]);
  });
});

describe("simulate: a declared wildcard permission", () => {
  it("reports a cloud role's s3:* as allowed by the exception of each environment", () => {
    const star = (environment: string) =>
      devTrustException({ id: `landing-s3-star-${environment}`, boundary: "wildcard-permission", environment, target: "s3:*" });
    const doc = prodTrustsDev([devTrustException(), star("dev"), star("prod")]);
    doc.connectors[1].credentials.landing.allow = { "s3:*": ["arn:aws:s3:::acme-landing/*"] };
    const dir = dirs.synth(inventoryOf(doc));
    const result = simulate(loadAccessModel(dir), { now: NOW });

    expect(result.violations).toEqual([]);
    expect(result.allowedByException.map((a) => `${a.kind} ${a.environment} ${a.action} ${a.exception}`)).toEqual([
      "cross-environment-trust prod sts:AssumeRole prod-landing-trusts-dev",
      "wildcard-action dev s3:* landing-s3-star-dev",
      "wildcard-action prod s3:* landing-s3-star-prod",
    ]);
  });
});

describe("simulate: a consumer's declared crossing", () => {
  it("covers the consumer role that trusts the other environment's account", () => {
    const doc = prodTrustsDev([devTrustException({ id: "billing-sync-from-dev", consumer: "billing-sync" })]);
    delete doc.exceptions[0].credential;
    doc.connectors[1].consumers[0].auth = { method: "aws-iam", trustedAccount: DEV_ACCOUNT };
    doc.connectors[1].environments = { prod: {} };
    const result = simulate(loadAccessModel(dirs.synth(inventoryOf(doc))), { now: NOW });

    expect(crossings(result.violations)).toEqual([]);
    expect(result.allowedByException.map((a) => `${a.kind} ${a.resource} ${a.exception}`)).toEqual([
      `cross-environment-trust arn:aws:iam::${PROD_ACCOUNT}:role/acme-data-prod-billing-sync billing-sync-from-dev`,
    ]);
  });
});
