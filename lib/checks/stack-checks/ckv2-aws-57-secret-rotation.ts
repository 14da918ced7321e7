import { references, resourcesOf, tagOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** The tag through which the plan states why a secret is not rotated automatically. */
export const ROTATION_EXEMPTION_TAG = "rotation-exemption";

/**
 * Mirrors Checkov CKV2_AWS_57: every secret has automatic rotation. Exempt, with the reason in the
 * `rotation-exemption` tag (and the register): credentials only a third party can rotate (reminder
 * mode), credentials not yet seeded (rotation must never precede the first value), and secrets of
 * kinds the library cannot rotate yet.
 */
export const ckv2Aws57SecretRotation: CheckRule = {
  id: "CKV2_AWS_57",
  severity: "error",
  description: "Secrets Manager secrets have automatic rotation, unless an exemption with its reason is recorded",
  fix: "give the credential a rotation the library performs (rotated-password, a key-broker endpoint) and mark it seeded: true after `etl-secrets seed`",
  check(stack: SynthStack): RuleFinding[] {
    const rotations = resourcesOf(stack, "aws_secretsmanager_secret_rotation");
    return resourcesOf(stack, "aws_secretsmanager_secret").flatMap((resource) => {
      if (tagOf(resource, ROTATION_EXEMPTION_TAG)) return [];
      const rotated = rotations.some((rotation) => references(rotation.config.secret_id, resource.type, resource.name));
      return rotated ? [] : [{ resource, message: "the secret has no aws_secretsmanager_secret_rotation and no rotation-exemption tag" }];
    });
  },
};
