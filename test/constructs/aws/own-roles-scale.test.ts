/*
 * The library's own roles keep within IAM's size limit whatever the number of secrets. The drill
 * role and the reminder checker once listed every secret they reach by ARN in their inline
 * policies: at a few hundred connectors in one environment those passed IAM's 10,240 characters
 * and ETL-AWS-001 refused the synth (the bench inventory of 1,000 connectors did not synthesize).
 * Their grants now sit in each secret's resource policy, naming the role.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchInventory } from "../../../bench/inventory";
import { synthesizeInventory } from "../../../lib/constructs/synthesize";
import { validateDocument } from "../../../lib/inventory/validate";
import { planInventory } from "../../../lib/plan/inventory-plan";
import { drillableAwsSecrets } from "../../../lib/plan/identity/drill";
import { awsNames } from "../../../lib/plan/names";
import { planReminders } from "../../../lib/plan/reminder-plan";

/** IAM's limit on a role's inline policies, all together (characters, whitespace excluded). */
const IAM_INLINE_POLICY_LIMIT = 10_240;

describe("the drill role and the reminder checker at 320 connectors in one environment", () => {
  const dir = mkdtempSync(join(tmpdir(), "etl-secrets-own-roles-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("synthesize within IAM's inline policy limit, each secret granting them by its resource policy", () => {
    const result = validateDocument(benchInventory({ connectors: 320, environments: 2, consumers: 40, mix: "aws" }), undefined, {
      now: "2026-06-15",
    });
    expect(result.issues.filter((issue) => issue.severity === "error")).toEqual([]);
    const inventory = result.inventory!;
    const dev = planInventory(inventory).environments.find((env) => env.name === "dev")!;
    const drillable = drillableAwsSecrets(dev).map((c) => c.aws!.secretName);
    const reminded = planReminders(dev)!
      .credentials.filter((c) => c.store === "aws")
      .map((c) => c.location);
    // Enough secrets that exact ARNs in the roles' own policies would pass the limit (about 100 characters each).
    expect(drillable.length * 100).toBeGreaterThan(IAM_INLINE_POLICY_LIMIT);
    expect(reminded.length * 100).toBeGreaterThan(IAM_INLINE_POLICY_LIMIT);

    synthesizeInventory(inventory, dir);
    const json = JSON.parse(readFileSync(join(dir, "stacks", dev.stackName, "cdk.tf.json"), "utf8"));
    const roles = json.resource.aws_iam_role as Record<string, { name: string }>;
    const roleKey = (name: string) => Object.keys(roles).find((key) => roles[key].name === name)!;
    const drillKey = roleKey(awsNames.drillRole(inventory.organization, dev.name));
    const checkerKey = roleKey(planReminders(dev)!.roleName);
    for (const policy of Object.values<{ name: string; policy: string }>(json.resource.aws_iam_role_policy))
      expect({ name: policy.name, size: policy.policy.replace(/\s/g, "").length <= IAM_INLINE_POLICY_LIMIT }).toEqual({
        name: policy.name,
        size: true,
      });

    const secrets = json.resource.aws_secretsmanager_secret as Record<string, { name: string }>;
    const grantedTo = (roleKeyOf: string, sid: string): string[] =>
      Object.values<{ secret_arn: string; policy: string }>(json.resource.aws_secretsmanager_secret_policy)
        .filter((body) =>
          (JSON.parse(body.policy).Statement as { Sid: string; Principal?: { AWS?: string } }[]).some(
            (s) => s.Sid === sid && s.Principal?.AWS === `\${aws_iam_role.${roleKeyOf}.arn}`,
          ),
        )
        .map((body) => secrets[/^\$\{aws_secretsmanager_secret\.([^.]+)\.arn\}$/.exec(body.secret_arn)![1]].name)
        .sort();
    expect(grantedTo(drillKey, "DrillRoleDrills")).toEqual([...drillable].sort());
    expect(grantedTo(checkerKey, "ReminderCheckerListsVersionDates")).toEqual([...reminded].sort());
  });
});
