/*
 * Properties over random inventories: the output does not depend on the order of environments,
 * connectors or consumers, and adding a connector leaves every resource of the others unchanged
 * (addresses and bodies) except environment-wide aggregates.
 */
import fc from "fast-check";
import { Testing } from "cdktf";
import { addEtlSecretsStacks } from "../../../lib/constructs/etl-secrets-app";
import { validateDocument } from "../../../lib/inventory/validate";
import { inventoryArb } from "./random-inventory";
import { propertyRuns } from "../../support/property-runs";

function synthAll(doc: unknown): Map<string, any> | undefined {
  const result = validateDocument(doc);
  if (!result.ok || !result.inventory) return undefined;
  const stacks = addEtlSecretsStacks(Testing.app(), result.inventory, { checks: false });
  const all = [...stacks.environments.values(), ...stacks.awsAccounts.values()];
  return new Map(all.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack))]));
}

/** May list every connector or owner of the environment or account. */
const AGGREGATES = new Set([
  "aws_cloudwatch_dashboard",
  "aws_sns_topic_subscription",
  "aws_iam_openid_connect_provider",
  "aws_s3_bucket_object_lock_configuration",
]);

const NEW_CONNECTOR = {
  id: "zz-new",
  purpose: "A connector added later",
  owner: "team",
  system: "postgresql",
  sensitivity: "high",
  store: "aws",
  credential: { type: "rotated-password", database: { host: "new.internal" }, seeded: true },
  consumers: [{ id: "jnew", auth: { method: "aws-iam", roleName: "jnew" }, access: "read" }],
  lifecycle: { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: "active" },
};

describe("address stability over random inventories", () => {
  it("does not depend on the order of environments, connectors or consumers", () => {
    fc.assert(
      fc.property(inventoryArb, (doc: any) => {
        const forward = synthAll(doc);
        fc.pre(forward !== undefined);
        const reversed = synthAll({
          ...doc,
          environments: [...doc.environments].reverse(),
          connectors: [...doc.connectors].reverse().map((c: any) => ({ ...c, consumers: [...c.consumers].reverse() })),
        });
        expect(reversed).toEqual(forward);
      }),
      { numRuns: propertyRuns(20), seed: 7 },
    );
  }, 120_000);

  it("keeps every other connector's resources when a connector is added", () => {
    fc.assert(
      fc.property(inventoryArb, (doc: any) => {
        const before = synthAll(doc);
        fc.pre(before !== undefined);
        const everywhere = Object.fromEntries(doc.environments.map((e: any) => [e.name, {}]));
        const after = synthAll({ ...doc, connectors: [{ ...NEW_CONNECTOR, environments: everywhere }, ...doc.connectors] })!;
        expect(after).toBeDefined();
        for (const [stack, json] of before!) {
          for (const [type, byName] of Object.entries<Record<string, unknown>>(json.resource ?? {})) {
            if (AGGREGATES.has(type)) continue;
            for (const [name, body] of Object.entries(byName)) {
              // The drill role's policy lists each drillable secret of the environment (an aggregate): its address stays, its list grows.
              if (type === "aws_iam_role_policy" && /\.drill$/.test(String((body as { name?: unknown }).name))) {
                expect({ stack, type, name, kept: after.get(stack)?.resource?.[type]?.[name] !== undefined }).toEqual({
                  stack,
                  type,
                  name,
                  kept: true,
                });
                continue;
              }
              expect({ stack, type, name, body: after.get(stack)?.resource?.[type]?.[name] }).toEqual({ stack, type, name, body });
            }
          }
        }
      }),
      { numRuns: propertyRuns(20), seed: 11 },
    );
  }, 120_000);
});
