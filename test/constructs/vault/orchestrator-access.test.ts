import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { synthesizeInventory } from "../../../lib/constructs/synthesize";
import { validateDocument } from "../../../lib/inventory";

const EXAMPLE = join(__dirname, "..", "..", "..", "examples", "multi-env", "connectors.yaml");
const document = (): any => load(readFileSync(EXAMPLE, "utf8"));
const dirs: string[] = [];

/** Every stack file of a synth of the document, by stack name. */
function synth(doc: unknown): Map<string, string> {
  const result = validateDocument(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues.filter((i) => i.severity === "error")));
  const dir = mkdtempSync(join(tmpdir(), "orchestrator-access-"));
  dirs.push(dir);
  synthesizeInventory(result.inventory!, dir);
  const stacks = new Map<string, string>();
  for (const name of readdirSync(join(dir, "stacks"))) stacks.set(name, readFileSync(join(dir, "stacks", name, "cdk.tf.json"), "utf8"));
  return stacks;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("OrchestratorAccess in the Vault environment", () => {
  const original = synth(document());
  const prod = JSON.parse(original.get("prod")!);

  it("renders its policy and its own Kubernetes role under orchestrator-<id>, the role carrying only that policy", () => {
    const policies = Object.entries<any>(prod.resource.vault_policy).filter(([key]) => key.includes("orchestrator-airflow-scheduler"));
    expect(policies.map(([, p]) => p.name)).toEqual(["prod-orchestrator-airflow-scheduler"]);
    const roles = Object.entries<any>(prod.resource.vault_kubernetes_auth_backend_role).filter(([key]) =>
      key.includes("orchestrator-airflow-scheduler"),
    );
    expect(roles).toHaveLength(1);
    const role = roles[0][1];
    expect(role.role_name).toBe("airflow-scheduler");
    expect(role.bound_service_account_names).toEqual(["airflow-scheduler"]);
    expect(role.bound_service_account_namespaces).toEqual(["airflow"]);
    expect(role.token_policies).toEqual([`\${vault_policy.${policies[0][0]}.name}`]);
  });

  it("gives the consumers it delivers to single-use, short secret ids, and no other AppRole", () => {
    const approles = Object.values<any>(prod.resource.vault_approle_auth_backend_role);
    const byName = new Map(approles.map((r) => [r.role_name, r]));
    for (const delivered of ["orders-nightly", "payments-ingest"]) {
      expect(byName.get(delivered).secret_id_num_uses).toBe(1);
      expect(byName.get(delivered).secret_id_ttl).toBeLessThanOrEqual(600);
    }
    expect(byName.get("price-files").secret_id_ttl).toBe(3600);
  });

  it("is byte-identical when the orchestrators and their consumers are listed in another order", () => {
    const doc = document();
    doc.orchestrators[0].mintsFor.reverse();
    doc.orchestrators.push({
      id: "ci-runner",
      auth: { method: "approle", cidrs: ["10.40.0.0/16"] },
      mintsFor: ["payments-ingest"],
      environments: ["dev"],
    });
    const withTwo = synth(doc);
    const reordered = document();
    reordered.orchestrators = [
      { id: "ci-runner", auth: { method: "approle", cidrs: ["10.40.0.0/16"] }, mintsFor: ["payments-ingest"], environments: ["dev"] },
      ...reordered.orchestrators,
    ];
    expect(synth(reordered)).toEqual(withTwo);
  });

  it("adding an orchestrator leaves every other orchestrator's resources unchanged", () => {
    const doc = document();
    doc.orchestrators.push({
      id: "ci-runner",
      auth: { method: "approle", cidrs: ["10.40.0.0/16"] },
      mintsFor: ["payments-ingest"],
      environments: ["dev"],
    });
    const after = JSON.parse(synth(doc).get("dev")!);
    const before = JSON.parse(original.get("dev")!);
    const of = (json: any) =>
      Object.fromEntries(
        Object.entries<any>(json.resource)
          .flatMap(([type, resources]) => Object.entries<any>(resources).map(([key, body]) => [`${type}.${key}`, body]))
          .filter(([key]) => key.includes("orchestrator-airflow-scheduler")),
      );
    expect(of(after)).toEqual(of(before));
    // The new one is an AppRole of its own, single-use, bound to its networks.
    const runner = Object.values<any>(after.resource.vault_approle_auth_backend_role).find((r) => r.role_name === "ci-runner");
    expect(runner).toEqual(
      expect.objectContaining({ secret_id_num_uses: 1, secret_id_bound_cidrs: ["10.40.0.0/16"], token_bound_cidrs: ["10.40.0.0/16"] }),
    );
  });
});
