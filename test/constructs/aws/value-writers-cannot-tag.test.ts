/*
 * The rotation pins live in tags because no writer of a secret's value may change tags: seed, the
 * consumers writing back, the rotation functions and break-glass have PutSecretValue but never
 * secretsmanager:TagResource or UntagResource. Checked on what synth really wrote for the shipped
 * inventories: every policy document of every stack, wildcards and NotAction included.
 */
import { Testing } from "cdktf";
import { addEtlSecretsStacks } from "../../../lib/constructs/etl-secrets-app";
import { ROTATION_PIN_TAGS } from "../../../lib/rotation/contract";
import { validateDocument } from "../../../lib/inventory/validate";
import { fixtureDocument } from "../../support/inventories";

const TAGGING = ["secretsmanager:TagResource", "secretsmanager:UntagResource"];

function synthesized(name: "acme.yaml" | "realworld.yaml"): any[] {
  const result = validateDocument(fixtureDocument(name));
  if (!result.inventory) throw new Error(`invalid fixture ${name}`);
  const stacks = addEtlSecretsStacks(Testing.app(), result.inventory, { checks: false });
  return [...stacks.environments.values(), ...stacks.awsAccounts.values()].map((stack) => JSON.parse(Testing.synth(stack)));
}

/** Every policy document (JSON text in a `policy` attribute) with the address that holds it. */
function policies(stack: any): Array<{ address: string; document: any }> {
  const found: Array<{ address: string; document: any }> = [];
  for (const [type, byName] of Object.entries<any>(stack.resource ?? {})) {
    for (const [name, body] of Object.entries<any>(byName)) {
      for (const [key, value] of Object.entries<any>(body)) {
        if (key.endsWith("policy") && key !== "assume_role_policy" && typeof value === "string" && value.trim().startsWith("{")) {
          found.push({ address: `${type}.${name}.${key}`, document: JSON.parse(value) });
        }
      }
    }
  }
  return found;
}

const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [String(value)]);
const matches = (pattern: string, action: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  ).test(action);

/** The tagging actions an Allow statement grants. */
function grantedTagging(statement: any): string[] {
  if (statement.Effect !== "Allow") return [];
  if (statement.NotAction !== undefined)
    return TAGGING.filter((action) => !list(statement.NotAction).some((pattern) => matches(pattern, action)));
  return TAGGING.filter((action) => list(statement.Action).some((pattern) => matches(pattern, action)));
}

describe.each(["acme.yaml", "realworld.yaml"] as const)("%s: no writer of a secret's value may change its tags", (name) => {
  const stacks = synthesized(name);

  it("no policy of any stack allows secretsmanager:TagResource or UntagResource", () => {
    const grants: string[] = [];
    let documents = 0;
    for (const stack of stacks) {
      for (const { address, document } of policies(stack)) {
        documents++;
        for (const statement of list(document.Statement).map((s) => s as any)) {
          for (const action of grantedTagging(statement)) grants.push(`${address} ${statement.Sid ?? ""}: ${action}`);
        }
      }
    }
    expect(documents).toBeGreaterThan(5);
    expect(grants).toEqual([]);
  });

  it("every secret a database rotation function rotates carries the pins it reads", () => {
    const pinned: string[] = [];
    for (const stack of stacks) {
      for (const rotation of Object.values<any>(stack.resource?.aws_secretsmanager_secret_rotation ?? {})) {
        if (!/rotation-(postgresql|mysql)-/.test(String(rotation.rotation_lambda_arn))) continue;
        const secretName = /aws_secretsmanager_secret\.([^.]+)\./.exec(String(rotation.secret_id))![1];
        const tags = stack.resource.aws_secretsmanager_secret[secretName].tags;
        expect(Object.values(ROTATION_PIN_TAGS).filter((key) => tags[key] === undefined)).toEqual([]);
        pinned.push(secretName);
      }
    }
    if (name === "acme.yaml") expect(pinned.length).toBeGreaterThanOrEqual(3);
  });
});
