import { resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthResource, SynthStack } from "../types";

/** IAM's size quotas (characters, whitespace not counted). */
export const POLICY_SIZE_LIMITS = Object.freeze({
  /** Every inline policy of one role together. */
  roleInline: 10_240,
  managed: 6_144,
  secretResource: 20_480,
  kmsKey: 32_768,
});

/** What a reference becomes after apply, long enough never to underestimate. */
function referenceLength(index: ReadonlyMap<string, SynthResource>, type: string, name: string): number {
  const body = index.get(`${type}.${name}`)?.config ?? {};
  switch (type) {
    case "aws_secretsmanager_secret":
      // arn:aws:secretsmanager:<region, up to 14>:<12>:secret:<name>-<6>
      return 23 + 14 + 1 + 12 + 8 + String(body.name ?? "").length + 7;
    case "aws_iam_role":
      return 26 + 6 + String(body.path ?? "/").length + String(body.name ?? "").length;
    default:
      return 100;
  }
}

function addresses(stack: SynthStack): Map<string, SynthResource> {
  return new Map(stack.resources.map((resource) => [resource.address, resource]));
}

/** The policy's size once applied: references replaced by their estimated length, whitespace dropped. */
export function appliedPolicySize(stack: SynthStack, text: string, index: ReadonlyMap<string, SynthResource> = addresses(stack)): number {
  let size = 0;
  const stripped = text.replace(/\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}/g, (_m, type: string, name: string) => {
    size += referenceLength(index, type, name);
    return "";
  });
  return size + stripped.replace(/\$\$\{/g, "${").replace(/\s+/g, "").length;
}

/**
 * ETL-AWS-001: every policy fits IAM's quotas once its references are resolved. A consumer that
 * reads very many secrets by exact ARN is the usual way to hit the 10,240 characters of inline
 * policy per role; apply would fail half-way, so synth says so first.
 */
export const etlAws001IamPolicySize: CheckRule = {
  id: "ETL-AWS-001",
  severity: "error",
  description: "IAM, secret and key policies fit AWS's size quotas after references are resolved",
  fix: "split the consumer into several (one per group of connectors), or suppress with the reason when the account's quota was raised",
  check(stack: SynthStack): RuleFinding[] {
    const findings: RuleFinding[] = [];
    const index = addresses(stack);
    const byRole = new Map<string, { resource: SynthResource; size: number }>();
    for (const resource of resourcesOf(stack, "aws_iam_role_policy")) {
      const key = String(resource.config.role);
      const entry = byRole.get(key) ?? { resource, size: 0 };
      entry.size += appliedPolicySize(stack, String(resource.config.policy ?? ""), index);
      byRole.set(key, entry);
    }
    for (const { resource, size } of byRole.values()) {
      if (size > POLICY_SIZE_LIMITS.roleInline) {
        findings.push({
          resource,
          message: `the role's inline policies come to about ${size} characters, over IAM's ${POLICY_SIZE_LIMITS.roleInline}`,
        });
      }
    }
    const single: [string, number][] = [
      ["aws_iam_policy", POLICY_SIZE_LIMITS.managed],
      ["aws_secretsmanager_secret_policy", POLICY_SIZE_LIMITS.secretResource],
      ["aws_kms_key", POLICY_SIZE_LIMITS.kmsKey],
    ];
    for (const [type, limit] of single) {
      for (const resource of resourcesOf(stack, type)) {
        if (typeof resource.config.policy !== "string") continue;
        const size = appliedPolicySize(stack, resource.config.policy, index);
        if (size > limit) findings.push({ resource, message: `the policy comes to about ${size} characters, over the limit of ${limit}` });
      }
    }
    return findings;
  },
};
