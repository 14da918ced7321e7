import { baseInventory, inventoryWith, messagesOf } from "../../support/inventory/base-inventory";
import { validateDocument } from "../../../lib/inventory";

const K8S = {
  method: "kubernetes",
  serviceAccount: "airflow-scheduler",
  namespace: "airflow",
};

function withOrchestrators(...orchestrators: object[]) {
  return inventoryWith((d) => void (d.orchestrators = orchestrators));
}

describe("orchestrators: trusted secret-id delivery for AppRole consumers", () => {
  it("passes for an orchestrator that mints for an AppRole consumer of a Vault connector", () => {
    expect(
      messagesOf(
        withOrchestrators({
          id: "airflow",
          auth: K8S,
          mintsFor: ["orders-nightly"],
        }),
      ),
    ).toEqual([]);
  });

  it("is absent from the normalized inventory when none is declared, and present when one is", () => {
    expect(validateDocument(baseInventory()).inventory?.orchestrators).toBeUndefined();
    expect(
      validateDocument(
        withOrchestrators({
          id: "airflow",
          auth: K8S,
          mintsFor: ["orders-nightly"],
        }),
      ).inventory?.orchestrators,
    ).toEqual([{ id: "airflow", auth: K8S, mintsFor: ["orders-nightly"] }]);
  });

  it("reports every problem at once, with spec paths", () => {
    const doc = withOrchestrators(
      {
        id: "airflow",
        auth: K8S,
        mintsFor: ["orders-nightly", "nobody", "billing-sync", "orders-nightly", "airflow"],
      },
      {
        id: "airflow",
        auth: K8S,
        mintsFor: ["orders-nightly"],
        environments: ["staging"],
      },
      {
        id: "orders-nightly",
        auth: { method: "approle" },
        mintsFor: ["orders-nightly"],
      },
    );
    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "orchestrators[0].mintsFor[1]: consumer "nobody" is not declared under any connector; list the ids of consumers that log in with AppRole",
        "orchestrators[0].mintsFor[2]: consumer "billing-sync" does not log in with AppRole to a Vault-stored connector; an orchestrator mints AppRole secret ids only (other methods need no delivered secret)",
        "orchestrators[0].mintsFor[3]: consumer "orders-nightly" is listed twice; list each consumer once",
        "orchestrators[0].mintsFor[4]: an orchestrator may not mint secret ids for itself: it would give itself a second, unbounded login",
        "orchestrators[1].environments[0]: environment "staging" is not declared (environments: dev, prod)",
        "orchestrators[1].id: duplicate orchestrator id "airflow" (first declared at orchestrators[0].id); each orchestrator id must be unique",
        "orchestrators[2].id: "orders-nightly" is also a consumer id; an orchestrator is its own Vault identity (its own auth role and policy), so its id must differ from every consumer id",
        "orchestrators[2].mintsFor[0]: an orchestrator may not mint secret ids for itself: it would give itself a second, unbounded login",
      ]
    `);
  });

  it("fails when an AppRole orchestrator runs in production without cidrs, and passes with them", () => {
    expect(
      messagesOf(
        withOrchestrators({
          id: "runner",
          auth: { method: "approle" },
          mintsFor: ["orders-nightly"],
        }),
      ),
    ).toEqual([expect.stringContaining("orchestrators[0].auth.cidrs: is required in production (environment prod)")]);
    expect(
      messagesOf(
        withOrchestrators({
          id: "runner",
          auth: { method: "approle", cidrs: ["10.9.0.0/16"] },
          mintsFor: ["orders-nightly"],
        }),
      ),
    ).toEqual([]);
    // Limited to dev, it needs none.
    expect(
      messagesOf(
        withOrchestrators({
          id: "runner",
          auth: { method: "approle" },
          mintsFor: ["orders-nightly"],
          environments: ["dev"],
        }),
      ),
    ).toEqual([]);
  });

  it("fails when a listed environment has none of its consumers, or no Vault", () => {
    const doc = inventoryWith((d) => {
      d.environments.push({
        name: "qa",
        tier: "non-production",
        stores: ["aws"],
        aws: { accountId: "333333333333", region: "eu-west-1" },
      });
      d.orchestrators = [
        {
          id: "airflow",
          auth: K8S,
          mintsFor: ["orders-nightly"],
          environments: ["qa"],
        },
      ];
    });
    expect(messagesOf(doc)).toEqual(
      expect.arrayContaining([expect.stringContaining('orchestrators[0].environments[0]: environment "qa" has no Vault store')]),
    );
  });

  it("refuses a derived name that collides: the orchestrator's Kubernetes role and a consumer's on one mount", () => {
    // A consumer named like the orchestrator is refused by id; on the derived side the orchestrator's
    // policy `<env>-orchestrator-<id>` is checked with every other Vault policy name of the namespace.
    const doc = inventoryWith((d) => {
      d.connectors[0].consumers.push({ id: "airflow", auth: K8S });
      d.orchestrators = [{ id: "airflow", auth: K8S, mintsFor: ["orders-nightly"] }];
    });
    expect(messagesOf(doc)).toEqual(
      expect.arrayContaining([expect.stringContaining('orchestrators[0].id: "airflow" is also a consumer id')]),
    );
  });

  it("refuses an unknown key and an empty mintsFor (strict schema)", () => {
    const messages = messagesOf(
      withOrchestrators({
        id: "airflow",
        auth: K8S,
        mintsFor: [],
        mints: ["x"],
      }),
    );
    expect(messages.some((m) => m.startsWith("orchestrators[0]"))).toBe(true);
    expect(messages.join("\n")).toMatch(/mintsFor/);
  });

  it("refuses an orchestrator policy name that another environment's policy already has on one cluster (derived names)", () => {
    // dev's orchestrator `auditor` gets the policy dev-orchestrator-auditor; so does the auditor of
    // an environment named dev-orchestrator on the same cluster (mount isolation: one root namespace).
    const doc = inventoryWith((d) => {
      d.environments.push({
        name: "dev-orchestrator",
        tier: "non-production",
        stores: ["vault"],
        vault: { address: "https://vault.dev.acme.example:8200", isolation: "mount" },
      });
      d.orchestrators = [{ id: "auditor", auth: K8S, mintsFor: ["orders-nightly"], environments: ["dev"] }];
    });
    const result = validateDocument(doc);
    expect(result.ok).toBe(false);
    expect(result.issues.filter((i) => i.code === "derived-name-collision").map((i) => i.path)).toEqual([["orchestrators", 0, "id"]]);
  });
});
