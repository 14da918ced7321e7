import type { CheckRule, RuleFinding, SynthStack } from "../types";

/*
 * No literal that looks like a secret anywhere in a stack: values never pass through Terraform,
 * so anything shaped like one is a mistake (a spec field carried over, an environment variable
 * read by accident). Public key material and certificates are allowed.
 */
const SECRET_SHAPES: readonly [string, RegExp][] = [
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["AWS access key id", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["Vault token", /\bhv[sbr]\.[A-Za-z0-9_-]{20,}/],
  ["URI with a password", /\b[a-z][a-z0-9+.-]*:\/\/[^\s:\/@]+:[^\s@\/{}$]{3,}@/i],
  ["GitHub token", /\bgh[pousr]_[A-Za-z0-9]{30,}/],
  ["Slack token", /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ["Stripe secret key", /\b[rs]k_(live|test)_[A-Za-z0-9]{16,}/],
];

function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === "string") yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${path}[${i}]`);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
}

export const noSecretLiteral: CheckRule = {
  id: "ETL-SECRET-001",
  severity: "error",
  description: "No literal that looks like secret material appears in a synthesized stack",
  fix: "remove the value: secrets are written at run time with `etl-secrets seed`, by rotation, or by Vault itself",
  check(stack: SynthStack): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const resource of stack.resources) {
      for (const [path, text] of strings(resource.config, "")) {
        for (const [what, pattern] of SECRET_SHAPES) {
          if (pattern.test(text)) findings.push({ resource, message: `${path} holds what looks like a ${what}` });
        }
      }
    }
    const { resource: _resources, ...rest } = stack.json as Record<string, unknown>;
    for (const [path, text] of strings(rest, "")) {
      for (const [what, pattern] of SECRET_SHAPES) {
        if (pattern.test(text)) findings.push({ message: `${path} holds what looks like a ${what}` });
      }
    }
    return findings;
  },
};
