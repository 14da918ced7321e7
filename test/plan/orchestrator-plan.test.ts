import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { orchestratorWiring, ORCHESTRATOR_WRAPPING, planInventory, DELIVERED_SECRET_ID_TTL_SECONDS } from "../../lib/plan";
import { loadInventory } from "../../lib/inventory/load";
import { validateDocument } from "../../lib/inventory";

const EXAMPLE = join(__dirname, "..", "..", "examples", "multi-env", "connectors.yaml");
const example = () => loadInventory(EXAMPLE);
const exampleDocument = (): any => load(readFileSync(EXAMPLE, "utf8"));

describe("orchestrator plan (issue 15: secret-id delivery)", () => {
  it("plans the orchestrator in every environment where a consumer it lists has an AppRole", () => {
    const plan = planInventory(example());
    const where = plan.environments.filter((env) => env.orchestrators?.some((o) => o.id === "airflow-scheduler")).map((env) => env.name);
    expect(where).toEqual(["dev", "prod", "staging", "test"]);
    const prod = plan.environments.find((env) => env.name === "prod")!;
    expect(prod.orchestrators).toEqual([
      expect.objectContaining({
        id: "airflow-scheduler",
        authMount: "kubernetes",
        authRole: "airflow-scheduler",
        policyName: "prod-orchestrator-airflow-scheduler",
        approleMount: "approle",
        wrapping: { minSeconds: 1, maxSeconds: 300 },
        allowedParameters: ["metadata"],
        mints: [
          {
            consumerId: "orders-nightly",
            roleName: "orders-nightly",
            secretIdPath: "auth/approle/role/orders-nightly/secret-id",
            roleIdPath: "auth/approle/role/orders-nightly/role-id",
          },
          {
            consumerId: "payments-ingest",
            roleName: "payments-ingest",
            secretIdPath: "auth/approle/role/payments-ingest/secret-id",
            roleIdPath: "auth/approle/role/payments-ingest/role-id",
          },
        ],
      }),
    ]);
  });

  it("gives the consumers it delivers to single-use, short secret ids, and leaves the others as their class says", () => {
    const dev = planInventory(example()).environments.find((env) => env.name === "dev")!;
    const approle = (id: string) => dev.serviceAccounts.find((a) => a.id === id)!.approle!;
    expect(approle("orders-nightly")).toEqual(expect.objectContaining({ secretIdUses: 1, deliveredBy: ["airflow-scheduler"] }));
    expect(approle("orders-nightly").secretIdTtlSeconds).toBeLessThanOrEqual(DELIVERED_SECRET_ID_TTL_SECONDS);
    // price-files is not delivered by an orchestrator: dev's tier allows it 5 uses.
    expect(approle("price-files")).toEqual(expect.objectContaining({ secretIdUses: 5 }));
    expect(approle("price-files").deliveredBy).toBeUndefined();
  });

  it("limits the orchestrator to its listed environments", () => {
    const document = exampleDocument();
    document.orchestrators[0].environments = ["prod"];
    const result = validateDocument(document);
    expect(result.ok).toBe(true);
    const plan = planInventory(result.inventory!);
    expect(plan.environments.filter((env) => env.orchestrators).map((env) => env.name)).toEqual(["prod"]);
    // Elsewhere, orders-nightly keeps its class's secret ids.
    expect(
      plan.environments.find((env) => env.name === "dev")!.serviceAccounts.find((a) => a.id === "orders-nightly")!.approle!.secretIdUses,
    ).toBe(5);
  });

  it("wires an orchestrator's job with names and paths only, and refuses an environment where it does not exist", () => {
    const plan = planInventory(example());
    const wiring = orchestratorWiring(plan, "airflow-scheduler", "test");
    expect(wiring).toEqual({
      orchestrator: "airflow-scheduler",
      environment: "test",
      vault: { address: "https://vault.dev.acme.example:8200" },
      login: { method: "kubernetes", mount: "etl-test/kubernetes", role: "airflow-scheduler", path: "auth/etl-test/kubernetes/login" },
      policy: "test-orchestrator-airflow-scheduler",
      wrapping: { minSeconds: ORCHESTRATOR_WRAPPING.minSeconds, maxSeconds: ORCHESTRATOR_WRAPPING.maxSeconds },
      allowedParameters: ["metadata"],
      consumers: [
        {
          consumer: "payments-ingest",
          roleIdPath: "auth/etl-test/approle/role/payments-ingest/role-id",
          secretIdPath: "auth/etl-test/approle/role/payments-ingest/secret-id",
          loginPath: "auth/etl-test/approle/login",
          secretIdTtlSeconds: expect.any(Number),
          secretIdUses: 1,
        },
      ],
    });
    const prod = orchestratorWiring(
      plan.environments.find((env) => env.name === "prod")!,
      "airflow-scheduler",
      "prod",
    );
    expect(prod.vault).toEqual({ address: "https://vault.acme.example:8200", namespace: "etl/prod" });
    expect(() => orchestratorWiring(plan, "airflow-scheduler", "nowhere")).toThrow(/not in the plan/);
    expect(() => orchestratorWiring(plan, "someone-else", "prod")).toThrow(/does not exist in environment/);
  });

  it("plans nothing for an inventory without orchestrators (its plans keep their shape)", () => {
    const document = exampleDocument();
    delete document.orchestrators;
    const plan = planInventory(validateDocument(document).inventory!);
    for (const env of plan.environments) {
      expect("orchestrators" in env).toBe(false);
      for (const account of env.serviceAccounts) expect(account.approle?.deliveredBy).toBeUndefined();
    }
  });
});
