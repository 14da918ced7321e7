import { ID_PATTERN } from "../schema/primitives";
import { asArray, asRecord, asString, type RuleContext } from "./raw-view";

/** Text from the inventory is echoed only when it is an id. */
const id = (text: string | undefined, what: string) => (text !== undefined && ID_PATTERN.test(text) ? text : `<${what}>`);

/*
 * Retirements (tombstones) say what left the inventory. One may not name what is still there (the
 * inventory would both keep and retire it), destruction needs an approver, and a production
 * connector's `destroyOnRetire` needs the retirement that records the destruction.
 */
export function checkRetirements(ctx: RuleContext): void {
  const seen = new Map<string, number>();
  asArray(ctx.root.retirements).forEach((value, index) => {
    const record = asRecord(value);
    if (!record) return;
    const path = ["retirements", index];
    const environment = asString(record.environment);
    const connectorId = asString(record.connector);
    const credential = asString(record.credential);
    if (credential !== undefined && connectorId === undefined) {
      ctx.report(
        [...path, "credential"],
        "retirement-credential-without-connector",
        "a credential is retired with its connector: add `connector:`",
      );
    }
    if (record.destroy === true) {
      const approver = asString(record.approvedBy);
      if (approver === undefined) {
        ctx.report(
          [...path, "approvedBy"],
          "retirement-destroy-unapproved",
          "destroy: true destroys data; name the owner id who approved it in `approvedBy`",
        );
      } else if (!ctx.ownerIds.has(approver)) {
        ctx.report([...path, "approvedBy"], "unknown-owner", "must be the id of an owner listed under owners");
      }
    }
    if (environment === undefined) return;
    const key = `${environment}\u0000${connectorId ?? ""}\u0000${credential ?? ""}`;
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.report(path, "duplicate-retirement", `retires what retirements[${first}] already retires; keep one`);
      return;
    }
    seen.set(key, index);
    if (connectorId === undefined) {
      const env = ctx.environment(environment);
      if (env) {
        ctx.report(
          [...path, "environment"],
          "retired-environment-present",
          `the environment is still listed at environments[${env.index}]: remove it there, or remove this retirement`,
        );
      }
      return;
    }
    const connector = ctx.connector(connectorId);
    if (!connector || !connector.environmentNames.includes(environment)) return;
    const lifecycle = asRecord(connector.value.lifecycle);
    if (lifecycle?.state === "retired" && lifecycle.destroyOnRetire === true) return;
    if (credential !== undefined && !connector.credentials.some((c) => c.name === credential)) return;
    ctx.report(
      path,
      "retired-credential-present",
      `the connector is still in this environment (connectors[${connector.index}].environments.${id(environment, "environment")}): remove it there in the same change, or remove this retirement`,
    );
  });

  // destroyOnRetire removes every resource of the connector: in production only a retirement says what happens to the data.
  for (const connector of ctx.connectors) {
    const lifecycle = asRecord(connector.value.lifecycle);
    if (lifecycle?.state !== "retired" || lifecycle.destroyOnRetire !== true) continue;
    for (const env of ctx.environmentsOf(connector)) {
      if (!env.production || env.name === undefined) continue;
      const recorded = asArray(ctx.root.retirements).some((value) => {
        const r = asRecord(value);
        return (
          r && r.environment === env.name && (r.connector === undefined || (r.connector === connector.id && r.credential === undefined))
        );
      });
      if (recorded) continue;
      ctx.report(
        [...connector.path, "lifecycle", "destroyOnRetire"],
        "destroy-without-retirement",
        `would destroy the connector's production data in ${id(env.name, "environment")}; record it as a retirement instead: retirements: [{ connector: ${id(connector.id, "connector id")}, environment: ${id(env.name, "environment")}, on: YYYY-MM-DD, destroy: true, approvedBy: <owner id> }] (or destroy: false: Terraform forgets the data and it stays)`,
      );
    }
  }
}
