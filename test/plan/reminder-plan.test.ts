import fc from "fast-check";
import { planInventory } from "../../lib/plan/inventory-plan";
import { planReminders, remindersGap, remindersInputTemplate, type RemindersPlan } from "../../lib/plan/reminder-plan";
import { EVENTBRIDGE_INPUT_MAX_CHARS } from "../../lib/plan/vault-broker-rotation";
import { validateDocument } from "../../lib/inventory/validate";
import { fixtureDocument, fixtureInventory } from "../support/inventories";
import { propertyRuns } from "../support/property-runs";

type Doc = any;

function remindersOf(doc: Doc, environment = "prod"): RemindersPlan | undefined {
  const result = validateDocument(doc);
  if (!result.inventory) throw new Error(JSON.stringify(result.issues.filter((i) => i.severity === "error").slice(0, 3)));
  return planReminders(planInventory(result.inventory).environments.find((e) => e.name === environment)!);
}

/** acme with `count` more Vault-stored API keys only their issuer can rotate, in prod. */
function withApiKeys(ids: readonly string[]): Doc {
  const doc = fixtureDocument("acme.yaml");
  const stripe = doc.connectors.find((c: Doc) => c.id === "stripe-api");
  for (const id of ids)
    doc.connectors.push({
      ...structuredClone(stripe),
      id,
      consumers: [{ ...structuredClone(stripe.consumers[0]), id: `${id}-job` }],
      environments: { prod: {} },
    });
  return doc;
}

describe("the reminder plan", () => {
  it("acme: a checker in each environment with an AWS account, listing its reminder credentials; none in the Vault-only test environment", () => {
    const plan = planInventory(fixtureInventory("acme.yaml"));
    const byEnv = Object.fromEntries(plan.environments.map((e) => [e.name, planReminders(e)]));
    expect(byEnv.test).toBeUndefined();
    expect(remindersGap(plan.environments.find((e) => e.name === "test")!)).toMatch(/no AWS account/);
    const prod = byEnv.prod!;
    expect(prod).toMatchObject({
      functionName: "acme-data-prod-rotate-reminders",
      roleName: "acme-data-prod-rotate-reminders",
      logGroupName: "/aws/lambda/acme-data-prod-rotate-reminders",
      topicName: "acme-data-prod-secret-reminders",
      pagingTopicName: "acme-data-prod-secrets-paging",
      scheduleExpression: "cron(0 7 * * ? *)",
      vault: { authMount: "aws", authRole: "prod-reminders", policyName: "prod-reminders", namespace: "etl/prod" },
      parts: [{ id: "reminders", ruleName: "acme-data-prod-rotation-reminders", credentialIds: ["legacy-ftp/main", "stripe-api/main"] }],
    });
    expect(prod.credentials.map((c) => [c.credentialId, c.location])).toEqual([
      ["legacy-ftp/main", "kv/metadata/connectors/legacy-ftp/main"],
      ["stripe-api/main", "kv/metadata/connectors/stripe-api/main"],
    ]);
    expect(prod.recipients.map((r) => r.ownerId)).toEqual(["growth-team", "platform-team"]);
  });

  it("realworld: Secrets Manager reminder credentials are dated by their secret", () => {
    const prod = planReminders(planInventory(fixtureInventory("realworld.yaml")).environments.find((e) => e.name === "prod")!)!;
    expect(prod.credentials.filter((c) => c.store === "aws").map((c) => [c.credentialId, c.secretId])).toEqual([
      ["google-ads/developer-token", "acme-data/prod/google-ads/developer-token"],
      ["google-ads/oauth", "acme-data/prod/google-ads/oauth"],
    ]);
  });

  it("property: however many reminder credentials, each is in exactly one rule, every rule's input fits EventBridge, and one more credential moves no other while the parts stay as many", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{2,14}$/), { minLength: 1, maxLength: 160 }), (names) => {
        const ids = names.map((n) => `api-${n}`);
        const reminders = remindersOf(withApiKeys(ids))!;
        const listed = reminders.parts.flatMap((p) => p.credentialIds);
        expect([...listed].sort()).toEqual(reminders.credentials.map((c) => c.credentialId));
        expect(new Set(listed).size).toBe(listed.length);
        for (const part of reminders.parts)
          expect(remindersInputTemplate(reminders, part).length).toBeLessThanOrEqual(EVENTBRIDGE_INPUT_MAX_CHARS);
        const grown = remindersOf(withApiKeys([...ids, "api-zz-one-more"]))!;
        if (grown.parts.length === reminders.parts.length) {
          const partOf = (plan: RemindersPlan) => new Map(plan.parts.flatMap((p) => p.credentialIds.map((id) => [id, p.id] as const)));
          const before = partOf(reminders);
          const after = partOf(grown);
          for (const [id, part] of before) expect(after.get(id)).toBe(part);
        }
      }),
      { numRuns: propertyRuns(12) },
    );
  });
});
