import { join } from "node:path";
import fc from "fast-check";
import { Testing } from "cdktf";
import { addEtlSecretsStacks } from "../../../lib/constructs/etl-secrets-app";
import { planInventory } from "../../../lib/plan/inventory-plan";
import { environmentWiring } from "../../../lib/wire/environment-wiring";
import { validateDocument } from "../../../lib/inventory/validate";
import type { Inventory } from "../../../lib/inventory/model";
import { propertyRuns } from "../../support/property-runs";
import { yamlFileDocument } from "../../support/yaml-file-document";

const EXAMPLE = join(__dirname, "..", "..", "..", "examples", "multi-env", "connectors.yaml");
const document = (): Record<string, any> => yamlFileDocument(EXAMPLE);

function inventoryOf(doc: unknown): Inventory {
  const result = validateDocument(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
  return result.inventory!;
}

/** Every stack's outputs: stack -> output name -> value. */
function outputsOf(inventory: Inventory): Map<string, Record<string, string>> {
  const stacks = addEtlSecretsStacks(Testing.app(), inventory, { checks: false });
  const all = [...stacks.environments.values(), ...stacks.vaultClusters.values(), ...stacks.awsAccounts.values()];
  return new Map(
    all.map((stack) => {
      const json = stack.toTerraform() as { output?: Record<string, { value: string }> };
      return [stack.node.id, Object.fromEntries(Object.entries(json.output ?? {}).map(([name, o]) => [name, o.value]))];
    }),
  );
}

const EXTRA_CONNECTOR = {
  id: "zendesk-api",
  purpose: "Support tickets for churn models",
  owner: "growth-team",
  system: "http-api",
  sensitivity: "moderate",
  store: "aws",
  credential: { type: "api-key", rotation: { days: 90, reminder: true } },
  consumers: [{ id: "tickets-sync", auth: { method: "aws-iam", roleName: "tickets-sync" }, access: "read" }],
  environments: { prod: {}, staging: {} },
  lifecycle: { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: "active" },
};

describe("stack outputs", () => {
  const base = outputsOf(inventoryOf(document()));

  it("name every KV path, secret, auth mount and role, and consumer role of each environment, and never a value", () => {
    const plan = planInventory(inventoryOf(document()));
    for (const env of plan.environments) {
      const outputs = base.get(env.stackName)!;
      for (const credential of env.credentials) {
        const [connector, name] = credential.id.split("/");
        if (credential.aws?.storesSecret) {
          expect(outputs[`secret_arn__${connector}__${name}`]).toMatch(/^\$\{aws_secretsmanager_secret\.[^.]+\.arn\}$/);
          expect(outputs[`secret_name__${connector}__${name}`]).toMatch(/^\$\{aws_secretsmanager_secret\.[^.]+\.name\}$/);
        }
        if (credential.store === "vault" && credential.vault?.storedInKv)
          expect(outputs[`kv_path__${connector}__${name}`]).toMatch(new RegExp(`/data/connectors/${connector}/${name}$`));
      }
      for (const account of env.serviceAccounts.filter((a) => a.store === "vault")) {
        expect(outputs[`vault_auth_role__${account.id}`]).toMatch(/^\$\{vault_[a-z_]+_auth_backend_role\./);
        expect(outputs[`vault_auth_mount__${account.id}`]).toMatch(/\.backend\}$/);
      }
      for (const role of env.aws?.consumerRoles ?? []) expect(outputs[`consumer_role_arn__${role.consumerId}`]).toBeDefined();
      // What each consumer wires to (lib/wire): exactly the plan's wiring of every consumer with a credential, as JSON.
      const wiring = environmentWiring(env);
      const wiringOutputs = Object.entries(outputs).filter(([name]) => name.startsWith("consumer_wiring__"));
      expect(wiringOutputs.map(([name]) => name.slice("consumer_wiring__".length)).sort()).toEqual(Object.keys(wiring.consumers).sort());
      for (const [name, value] of wiringOutputs) {
        const consumer = name.slice("consumer_wiring__".length);
        expect(JSON.parse(value)).toEqual({
          format: "etl-secrets-wiring/1",
          environment: env.name,
          consumer,
          ...wiring.consumers[consumer],
        });
      }
      // References and plan-derived paths only: no literal that could be a value.
      for (const value of Object.entries(outputs)
        .filter(([name]) => !name.startsWith("consumer_wiring__"))
        .map(([, v]) => v))
        expect(value).toMatch(/^\$\{[a-z_]+\.[^}]+\}(\/data\/connectors\/[a-z0-9-]+\/[a-z0-9-]+)?$|^arn:aws:iam::\d{12}:role\//);
    }
    // Every stack the library owns declares outputs; each account its trail and log group.
    for (const [stack, outputs] of base) expect({ stack, count: Object.keys(outputs).length > 0 }).toEqual({ stack, count: true });
    for (const account of plan.awsAccounts) {
      expect(base.get(account.stackName)!.audit_trail_arn).toMatch(/^\$\{aws_cloudtrail\.[^.]+\.arn\}$/);
      expect(base.get(account.stackName)!.audit_log_group_name).toMatch(/^\$\{aws_cloudwatch_log_group\.[^.]+\.name\}$/);
    }
    expect(base.get("vault-acme-example")).toEqual({
      vault_namespace__prod: expect.stringMatching(/^\$\{vault_namespace\.namespace-etl--prod\.path_fq\}$/),
      vault_namespace__staging: expect.stringMatching(/^\$\{vault_namespace\.namespace-etl--staging\.path_fq\}$/),
    });
  });

  it("keep their names and values when the inventory is reordered or extended", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), fc.boolean(), (keys, extend) => {
        const doc = document();
        const order = doc.connectors.map((c: unknown, i: number) => ({ c, key: keys[i % keys.length] * 100 + i }));
        doc.connectors = order.sort((a: { key: number }, b: { key: number }) => a.key - b.key).map((o: { c: unknown }) => o.c);
        for (const connector of doc.connectors) connector.consumers?.reverse();
        if (extend) doc.connectors.splice(keys[0] % doc.connectors.length, 0, EXTRA_CONNECTOR);
        const next = outputsOf(inventoryOf(doc));
        for (const [stack, outputs] of base) {
          const now = next.get(stack)!;
          for (const [name, value] of Object.entries(outputs)) expect({ stack, name, value: now[name] }).toEqual({ stack, name, value });
          if (!extend) expect(Object.keys(now).sort()).toEqual(Object.keys(outputs).sort());
        }
        if (extend) expect(next.get("prod")!["secret_arn__zendesk-api__main"]).toBeDefined();
      }),
      { numRuns: propertyRuns(4) },
    );
  });
});
