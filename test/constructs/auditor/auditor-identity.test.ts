import { ALL_RULES } from "../../../lib/checks/stack-checks";
import { runChecks } from "../../../lib/checks/run-checks";
import { toSynthStack } from "../../../lib/checks/synth-stack";
import { awsNames, vaultNames, vaultObjectNames } from "../../../lib/plan/names";
import { planInventory } from "../../../lib/plan/inventory-plan";
import { fixtureInventory } from "../../support/inventories";
import { stackJson } from "../../support/synth";
import { fixtureSynthFiles } from "../../support/fixture-synth";

const inventory = fixtureInventory("realworld.yaml");
const plan = planInventory(inventory);
const files = fixtureSynthFiles("realworld.yaml");

function resources(json: any, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

describe("the <env>-auditor identity in every environment (realworld.yaml)", () => {
  it.each(plan.environments.map((e) => [e.name, e] as const))(
    "%s: a Vault auditor policy on the <env>-auditors group, metadata patterns only",
    (_name, env) => {
      const json = stackJson(files, env.stackName);
      const policy = resources(json, "vault_policy").find((p) => p.name === vaultNames.auditorPolicy(env.name));
      expect(policy).toBeDefined();
      expect(policy.policy).toContain(`path "${env.vault!.mounts.kv}/metadata/*"`);
      expect(policy.policy).not.toMatch(/\/(data|creds|static-creds|issue|sign|role-id)(\/|")/);
      const group = resources(json, "vault_identity_group").find((g) => g.name === vaultObjectNames.auditorGroup(env.name));
      expect(group).toMatchObject({ type: "internal", external_member_entity_ids: true, external_member_group_ids: true });
      expect(group.policies).toEqual([expect.stringContaining("vault_policy.")]);
    },
  );

  it.each(plan.environments.filter((e) => e.aws).map((e) => [e.name, e] as const))(
    "%s: an IAM role <org>-<env>.auditor under the environment's path that never reads a value",
    (_name, env) => {
      const json = stackJson(files, env.stackName);
      const name = awsNames.auditorRole(env.organization, env.name);
      const role = resources(json, "aws_iam_role").find((r) => r.name === name);
      expect(role).toMatchObject({ path: awsNames.iamPath(env.organization, env.name) });
      const policy = resources(json, "aws_iam_role_policy").find((p) => p.name === name);
      const document = JSON.parse(policy.policy);
      expect(document.Statement).toContainEqual({
        Sid: "AuditorNeverReadsValues",
        Effect: "Deny",
        Action: ["secretsmanager:GetSecretValue", "kms:Decrypt"],
        Resource: ["*"],
      });
      expect(
        document.Statement.filter((s: any) => s.Effect === "Allow")
          .flatMap((s: any) => s.Action)
          .sort(),
      ).toEqual(["iam:ListRoles", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds", "secretsmanager:ListSecrets"]);
    },
  );

  it("passes the secure-default checks (errors none; no warning on the auditor)", () => {
    const stacks = plan.environments.map((env) =>
      toSynthStack(env.stackName, stackJson(files, env.stackName), { name: env.name, production: env.production }),
    );
    const findings = runChecks(stacks, ALL_RULES, inventory.suppressions).findings.filter((f) => !f.suppressedBecause);
    expect(findings.filter((f) => f.severity === "error").map((f) => `${f.ruleId} ${f.stack} ${f.message}`)).toEqual([]);
    expect(findings.filter((f) => /auditor/.test(`${f.constructPath} ${f.message}`))).toEqual([]);
  });
});
