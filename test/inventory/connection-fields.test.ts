import { isCalendarDate } from "../../lib/inventory/schema/primitives";
import { inventoryWith, issuesOf, messagesOf } from "../support/inventory/base-inventory";

describe("dates are real calendar dates", () => {
  it.each(["2026-02-30", "2025-02-29", "2100-02-29", "2026-04-31", "2026-06-31", "2026-09-31", "2026-11-31"])("%s is refused", (date) => {
    const doc = inventoryWith((d) => void (d.connectors[0].lifecycle.reviewBy = date));

    expect(messagesOf(doc)).toEqual(["connectors[0].lifecycle.reviewBy: must be a real calendar date (that month has fewer days)"]);
  });

  it.each(["2028-02-29", "2400-02-29", "2026-01-31", "2026-12-31", "2026-04-30"])("%s is accepted", (date) => {
    expect(isCalendarDate(date)).toBe(true);
    expect(messagesOf(inventoryWith((d) => void (d.connectors[0].lifecycle.reviewBy = date)))).toEqual([]);
  });
});

describe("fields of a connection URL are what they say", () => {
  const withDatabase = (database: Record<string, unknown>) =>
    inventoryWith((d) => void Object.assign(d.connectors[0].credential.database, database));
  const codesAt = (doc: unknown) => issuesOf(doc).map((issue) => [issue.path.join("."), issue.code]);

  it.each([
    ["db.prod.internal:5432/orders?sslmode=disable#", "a port, path, query and fragment"],
    ["db.prod.internal#", "a fragment"],
    ["db.prod.internal/orders", "a path"],
    ["admin@db.prod.internal", "a login"],
    ["db prod", "a space"],
    ["db.prod.internal\u0000", "a control character"],
    ["db.prod.internal:5432", "a port"],
  ])("a host with %s (%s) is refused", (host) => {
    expect(codesAt(withDatabase({ host }))).toContainEqual(["connectors.0.credential.database.host", "invalid-format"]);
  });

  it.each(["orders-db.internal", "10.20.0.5", "[fd00::5]", "orders-db.prod.internal."])("host %s is accepted", (host) => {
    expect(messagesOf(withDatabase({ host }))).toEqual([]);
  });

  it.each(["orders?sslmode=disable", "orders#", "orders/x", "a b", "orders&encrypt=false", "u@orders", "x:y"])(
    "database name %s is refused",
    (name) => {
      expect(codesAt(withDatabase({ name }))).toContainEqual(["connectors.0.credential.database.name", "invalid-format"]);
    },
  );

  it.each(["orders", "orders_archive", "finance-dw", "ORCL.acme.example"])("database name %s is accepted", (name) => {
    expect(messagesOf(withDatabase({ name }))).toEqual([]);
  });

  it.each(["etl user", "etl@host", "etl:pw", "etl\n"])("username %j is refused", (username) => {
    expect(codesAt(withDatabase({ username }))).toContainEqual(["connectors.0.credential.database.username", "invalid-format"]);
  });

  it("a production host override that switches TLS off is refused at the override's path", () => {
    const doc = inventoryWith(
      (d) => void (d.connectors[1].environments.prod = { database: { host: "db.prod.internal:5432/orders?sslmode=disable#" } }),
    );

    expect(messagesOf(doc)).toContainEqual(
      "connectors[1].environments.prod.database.host: must be a host name or IP address only (letters, digits, '-' and '.'; the port goes in port; no '/', '?', '#', '@', ':', spaces or login)",
    );
  });

  it("a database name override with a query is refused at the override's path", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].environments.prod = { database: { name: "orders?sslmode=disable" } }));

    expect(codesAt(doc)).toContainEqual(["connectors.0.environments.prod.database.name", "invalid-format"]);
  });

  it("a Vault address with a login or a path is refused", () => {
    for (const address of ["https://admin:pw@vault.acme.example:8200", "https://vault.acme.example:8200/v1?x=1"]) {
      const doc = inventoryWith((d) => void (d.environments[1].vault.address = address));
      expect(codesAt(doc)).toContainEqual(["environments.1.vault.address", "invalid-format"]);
    }
  });
});
