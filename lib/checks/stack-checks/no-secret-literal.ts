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
  ["URI with a password", /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/{}$]{3,}@/i],
  ["GitHub token", /\bgh[pousr]_[A-Za-z0-9]{30,}/],
  ["Slack token", /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ["Stripe secret key", /\b[rs]k_(live|test)_[A-Za-z0-9]{16,}/],
];

/** Where a string sits in a JSON value (`policy`, `tags.owner`, `rule[0]`), rendered only for a finding. */
interface JsonPath {
  readonly up?: JsonPath;
  readonly step: string | number;
}

function pathText(at: JsonPath | undefined): string {
  if (!at) return "";
  const parent = pathText(at.up);
  if (typeof at.step === "number") return `${parent}[${at.step}]`;
  return parent ? `${parent}.${at.step}` : at.step;
}

/** Every string value (not keys) of a JSON value, with its path, in document order. */
function strings(value: unknown, found: (path: () => string, text: string) => void): void {
  const visit = (node: unknown, at: JsonPath | undefined) => {
    if (typeof node === "string") found(() => pathText(at), node);
    else if (Array.isArray(node)) node.forEach((item, index) => visit(item, { up: at, step: index }));
    else if (node && typeof node === "object") for (const [key, child] of Object.entries(node)) visit(child, { up: at, step: key });
  };
  visit(value, undefined);
}

export const noSecretLiteral: CheckRule = {
  id: "ETL-SECRET-001",
  severity: "error",
  description: "No literal that looks like secret material appears in a synthesized stack",
  fix: "remove the value: secrets are written at run time with `etl-secrets seed`, by rotation, or by Vault itself",
  check(stack: SynthStack): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const resource of stack.resources) {
      strings(resource.config, (path, text) => {
        for (const [what, pattern] of SECRET_SHAPES) {
          if (pattern.test(text)) findings.push({ resource, message: `${path()} holds what looks like a ${what}` });
        }
      });
    }
    const { resource: _resources, ...rest } = stack.json as Record<string, unknown>;
    strings(rest, (path, text) => {
      for (const [what, pattern] of SECRET_SHAPES) {
        if (pattern.test(text)) findings.push({ message: `${path()} holds what looks like a ${what}` });
      }
    });
    return findings;
  },
};
