/*
 * The auditor's read of its Vault cluster's shipped audit log (multi-env: prod ships to another
 * account): declared in the intent as a value-free, cluster-wide log read, printed by simulate and
 * review, and the audit stack's reader role that trusts the auditors' accounts is no crossing
 * because of that declaration (and only because of it).
 */
import { loadAccessModel } from "../../../lib/analysis/access-model";
import { reviewChanges, reviewMarkdown } from "../../../lib/analysis/review";
import { simulationText } from "../../../lib/analysis/simulate/format";
import { simulate } from "../../support/analysis/simulate-checked";
import { readStack, resourceKey, SynthDirs } from "../../support/analysis/synth-dirs";

const dirs = new SynthDirs();
let multiEnv: string;
const READER = "arn:aws:iam::444444444444:role/acme-data/vault-audit/acme-data-vault-audit-vault-acme-example-reader";
const GROUP = "arn:aws:logs:eu-west-1:444444444444:log-group:/acme-data/etl-secrets/vault-audit/vault-acme-example";

beforeAll(() => {
  multiEnv = dirs.fixture("multi-env");
});
afterAll(() => dirs.cleanup());

/** The model with every declared log read taken out of the intent (as an older synth would have it). */
function withoutLogReads(dir: string) {
  const model = loadAccessModel(dir);
  for (const env of model.intent.environments) for (const p of env.principals) delete (p as { logReads?: unknown }).logReads;
  return model;
}

describe("the auditor's cluster-wide audit log read", () => {
  it("is declared for the AWS auditors of the cluster's environments, through the audit stack's reader role", () => {
    const model = loadAccessModel(multiEnv);
    const reads = model.intent.environments.flatMap((env) =>
      env.principals.filter((p) => p.logReads).map((p) => ({ env: env.name, id: p.id, class: p.class, reads: p.logReads })),
    );
    expect(reads).toEqual([
      {
        env: "prod",
        id: "arn:aws:iam::222222222222:role/acme-data-prod.auditor",
        class: "auditor",
        reads: [{ resource: GROUP, scope: "cluster", valueFree: true, via: READER }],
      },
      {
        env: "staging",
        id: "arn:aws:iam::333333333333:role/acme-data-staging.auditor",
        class: "auditor",
        reads: [{ resource: GROUP, scope: "cluster", valueFree: true, via: READER }],
      },
    ]);
    const audit = readStack(multiEnv, "vault-acme-example-audit");
    const role = audit.resource.aws_iam_role[resourceKey(audit, "aws_iam_role", "reader-role")];
    expect(`arn:aws:iam::444444444444:role${role.path}${role.name}`).toBe(READER);
    const trust = JSON.parse(role.assume_role_policy);
    expect(trust.Statement[0].Condition.ArnEquals["aws:PrincipalArn"]).toEqual([
      "arn:aws:iam::222222222222:role/acme-data/prod/acme-data-prod.auditor",
      "arn:aws:iam::333333333333:role/acme-data/staging/acme-data-staging.auditor",
    ]);
    const policy = JSON.parse(audit.resource.aws_iam_role_policy[resourceKey(audit, "aws_iam_role_policy", "reader-role-policy")].policy);
    expect(policy.Statement).toEqual([
      { Sid: "ReadVaultAuditLog", Effect: "Allow", Action: ["logs:FilterLogEvents"], Resource: [GROUP, `${GROUP}:*`] },
    ]);
  });

  it("simulate: 0 violations, and the read printed under each auditor", () => {
    const result = simulate(loadAccessModel(multiEnv));
    expect(result.violations).toEqual([]);
    const text = simulationText(result);
    const line = `  value-free cluster-wide log read (the Vault cluster's audit log: every environment's paths, values HMAC'd): ${GROUP} via ${READER}`;
    expect(text.split("\n").filter((l) => l === line)).toHaveLength(2);
  });

  it("without the declaration, the reader role's trust of the auditors' accounts is a cross-environment trust", () => {
    const violations = simulate(withoutLogReads(multiEnv)).violations.filter((v) => v.kind === "cross-environment-trust");
    expect(violations.map((v) => `${v.resource} ${v.via}`).sort()).toEqual([
      "arn:aws:iam::444444444444:role/acme-data-vault-audit-vault-acme-example-reader trust policy allows account 222222222222",
      "arn:aws:iam::444444444444:role/acme-data-vault-audit-vault-acme-example-reader trust policy allows account 333333333333",
    ]);
  });

  it("review: a change that adds the read shows it in bold among the exceptions it adds", () => {
    const report = reviewChanges(withoutLogReads(multiEnv), loadAccessModel(multiEnv));
    expect(report.logReads?.added.map((r) => `${r.environment} ${r.principal}`)).toEqual([
      "prod arn:aws:iam::222222222222:role/acme-data-prod.auditor",
      "staging arn:aws:iam::333333333333:role/acme-data-staging.auditor",
    ]);
    const markdown = reviewMarkdown(report);
    expect(markdown).toContain(
      `- **added \`arn:aws:iam::222222222222:role/acme-data-prod.auditor\` of prod: value-free cluster-wide log read`,
    );
    expect(reviewMarkdown(reviewChanges(loadAccessModel(multiEnv), loadAccessModel(multiEnv)))).not.toContain("value-free");
  });
});
