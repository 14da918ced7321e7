import { WIRE_TARGETS, WireError, formatWireJson, formatWireText, wireConsumer } from "../../lib/wire";
import { ORCHESTRATOR_WRAPPING } from "../../lib/plan/orchestrator-plan";
import { exampleDocument, planOf } from "./support";

/*
 * `wire` for a trusted orchestrator: its own login, and per listed consumer the role-id read, the
 * wrapped mint and the job's unwrap and login, on the paths the plan gives the consumers' AppRoles.
 */
describe("wire for a trusted orchestrator", () => {
  const plan = planOf(exampleDocument());

  it("prints its login and, for each consumer it lists and no other, the wrapped single-use delivery", () => {
    const output = wireConsumer(plan, { consumer: "airflow-scheduler", environment: "prod", target: "airflow" });
    const text = formatWireText(output);
    expect(text).toContain("# airflow: orchestrator airflow-scheduler in prod");
    expect(text).toContain("auth/kubernetes/login role=airflow-scheduler");
    for (const consumer of ["orders-nightly", "payments-ingest"]) {
      expect(text).toContain(`-field=role_id auth/approle/role/${consumer}/role-id`);
      expect(text).toContain(
        `-wrap-ttl=${ORCHESTRATOR_WRAPPING.maxSeconds}s -field=wrapping_token auth/approle/role/${consumer}/secret-id`,
      );
    }
    // Only the listed consumers' secret-id paths appear.
    const minted = [...text.matchAll(/auth\/approle\/role\/([a-z0-9-]+)\/secret-id/g)].map((m) => m[1]);
    expect([...new Set(minted)].sort()).toEqual(["orders-nightly", "payments-ingest"]);
    // Namespaced environment: every Vault call names it.
    for (const line of text.split("\n").filter((l) => !l.startsWith("- ") && /\bvault (read|write|unwrap)\b/.test(l)))
      expect(line).toContain("-namespace=etl/prod");
  });

  it("gives the same facts as JSON, marked as an orchestrator, for every target", () => {
    for (const target of WIRE_TARGETS) {
      const json = JSON.parse(formatWireJson(wireConsumer(plan, { consumer: "airflow-scheduler", environment: "prod", target })));
      expect(json).toMatchObject({
        format: "etl-secrets-wire/1",
        target,
        kind: "orchestrator",
        orchestrator: "airflow-scheduler",
        policy: "prod-orchestrator-airflow-scheduler",
      });
      expect(json.wrapping).toEqual({ minSeconds: ORCHESTRATOR_WRAPPING.minSeconds, maxSeconds: ORCHESTRATOR_WRAPPING.maxSeconds });
      expect(json.consumers.map((c: { consumer: string; secretIdUses: number }) => [c.consumer, c.secretIdUses])).toEqual([
        ["orders-nightly", 1],
        ["payments-ingest", 1],
      ]);
    }
  });

  it("names the orchestrator in the consumer's Airflow settings as where its secret id comes from", () => {
    const text = formatWireText(wireConsumer(plan, { consumer: "orders-nightly", environment: "prod", target: "airflow" }));
    expect(text).toContain("by the trusted orchestrator airflow-scheduler (etl-secrets wire <inventory> airflow-scheduler --env prod)");
  });

  it("refuses an environment where the orchestrator delivers nothing, naming where it does", () => {
    const doc = exampleDocument();
    doc.orchestrators[0].environments = ["prod"];
    const limited = planOf(doc);
    expect(() => wireConsumer(limited, { consumer: "airflow-scheduler", environment: "dev", target: "airflow" })).toThrow(
      new WireError("not-in-environment", 'orchestrator "airflow-scheduler" delivers no secret id in environment dev; it does in: prod'),
    );
  });
});
