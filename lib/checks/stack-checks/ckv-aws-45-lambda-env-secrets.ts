import { block, resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Variable names that say they hold a secret (PASSWORD_LENGTH does not: it ends in LENGTH). */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY)$/i;
const SECRET_VALUE: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
  /\bhv[sbr]\.[A-Za-z0-9_-]{20,}/,
  /^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)[A-Za-z0-9+/=_-]{32,}$/,
];

/** Mirrors Checkov CKV_AWS_45: no secret in Lambda environment variables. */
export const ckvAws45LambdaEnvSecrets: CheckRule = {
  id: "CKV_AWS_45",
  severity: "error",
  description: "Lambda environment variables hold no secrets",
  fix: "read secrets from Secrets Manager at run time; environment variables carry settings only",
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_lambda_function").flatMap((resource) => {
      const variables = (block(resource.config.environment)?.variables ?? {}) as Record<string, unknown>;
      return Object.keys(variables).flatMap((name) => {
        const value = String(variables[name]);
        if (value.includes("${")) return [];
        if (SECRET_NAME.test(name) && value !== "")
          return [{ resource, message: `environment variable ${name} looks like it holds a secret` }];
        return SECRET_VALUE.some((pattern) => pattern.test(value))
          ? [{ resource, message: `environment variable ${name} holds a secret-shaped value` }]
          : [];
      });
    });
  },
};
