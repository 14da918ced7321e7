import { baseInventory, inventoryWith, messagesOf, type Doc } from "../../support/inventory/base-inventory";

/** The base, with an admin connector that manages billing-mysql's alternating user pair. */
function withMaster(change: (doc: Doc) => void = () => undefined): Doc {
  return inventoryWith((d) => {
    d.connectors.push({
      ...structuredClone(d.connectors[1]),
      id: "billing-db-admin",
      purpose: "Manages the user pair",
      sensitivity: "critical",
      consumers: [],
    });
    d.connectors[1].credential.strategy = "alternating-users";
    d.connectors[1].credential.master = "billing-db-admin";
    change(d);
  });
}

describe("credentials: one syntax at a time", () => {
  it("passes with the credential: shorthand, or with named credentials", () => {
    const named = inventoryWith((d) => {
      d.connectors[0].credentials = { db: d.connectors[0].credential };
      delete d.connectors[0].credential;
    });

    expect(messagesOf(baseInventory())).toEqual([]);
    expect(messagesOf(named)).toEqual([]);
  });

  it("fails when a connector gives both credential and credentials", () => {
    const doc = inventoryWith(
      (d) =>
        void (d.connectors[0].credentials = {
          other: d.connectors[0].credential,
        }),
    );

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "connectors[0].credentials: give either credential (shorthand for one credential named "main") or credentials, not both",
      ]
    `);
  });

  it("fails when a connector gives neither", () => {
    const doc = inventoryWith((d) => void delete d.connectors[0].credential);

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "connectors[0]: needs credential (one credential) or credentials (several, by name)",
      ]
    `);
  });

  it("fails when credentials names none", () => {
    const doc = inventoryWith((d) => {
      d.connectors[0].credentials = {};
      delete d.connectors[0].credential;
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "connectors[0].credentials: must name at least one credential",
      ]
    `);
  });
});

describe("credentials: the master of an alternating-users pair", () => {
  it("passes when the master is a password connector in the same store and environments", () => {
    expect(messagesOf(withMaster())).toEqual([]);
  });

  it("fails when the master is not a declared connector", () => {
    expect(messagesOf(withMaster((d) => void (d.connectors[1].credential.master = "nobody")))).toMatchInlineSnapshot(`
      [
        "connectors[1].credential.master: "nobody" is not a declared connector; master names the connector whose credential manages the user pair",
      ]
    `);
  });

  it("fails when the connector is its own master", () => {
    expect(messagesOf(withMaster((d) => void (d.connectors[1].credential.master = "billing-mysql")))).toMatchInlineSnapshot(`
      [
        "connectors[1].credential.master: a connector cannot be its own master: name the administrative connector",
      ]
    `);
  });

  it("fails when the master holds no password, lives in another store, or misses an environment", () => {
    const doc = withMaster((d) => {
      d.connectors[2].credential = {
        type: "api-key",
        rotation: { reminder: true },
      };
      d.connectors[2].store = "vault";
      d.connectors[2].environments = { prod: {} };
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "connectors[1].credential.master: connector "billing-db-admin" does not exist in environment(s) dev, where this credential is rotated",
        "connectors[1].credential.master: connector "billing-db-admin" holds no database password that could manage users",
        "connectors[1].credential.master: connector "billing-db-admin" is stored in vault, this one in aws; the rotation function reads both from one store",
      ]
    `);
  });
});

describe("credentials: production safety", () => {
  it("passes when a non-production-only database allows plaintext", () => {
    const doc = inventoryWith((d) => {
      d.connectors[1].credential.allowPlaintext = true;
      d.connectors[1].environments = { dev: {} };
    });

    expect(messagesOf(doc)).toEqual([]);
  });

  it("fails when a production database allows plaintext", () => {
    const doc = inventoryWith((d) => void (d.connectors[1].credential.allowPlaintext = true));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "connectors[1].credential.allowPlaintext: a database without TLS is never allowed in production (environment prod)",
      ]
    `);
  });

  it("passes when a non-production-only database declares a TLS mode below verify-full", () => {
    const doc = inventoryWith((d) => {
      d.connectors[1].credential.tls = "require";
      d.connectors[1].environments = { dev: {} };
    });

    expect(messagesOf(doc)).toEqual([]);
  });

  it("fails when a production database declares a TLS mode below verify-full", () => {
    const require = inventoryWith((d) => void (d.connectors[1].credential.tls = "require"));
    const verifyCa = inventoryWith((d) => void (d.connectors[1].credential.tls = "verify-ca"));

    expect([...messagesOf(require), ...messagesOf(verifyCa)]).toEqual([
      "connectors[1].credential.tls: a database TLS mode without certificate verification is never allowed in production (environment prod); use verify-full",
      "connectors[1].credential.tls: a database TLS mode without host name verification is never allowed in production (environment prod); use verify-full",
    ]);
  });

  it("fails when a production environment's override weakens the database's TLS or allows plaintext", () => {
    const doc = inventoryWith((d) => void (d.connectors[1].environments.prod = { tls: "require", allowPlaintext: true }));

    expect(messagesOf(doc)).toEqual([
      "connectors[1].environments.prod.allowPlaintext: a database without TLS is never allowed in production (environment prod)",
      "connectors[1].environments.prod.tls: a database TLS mode without certificate verification is never allowed in production (environment prod); use verify-full",
    ]);
  });

  it("warns when a password rotated by a Secrets Manager function names no user to pin", () => {
    const doc = inventoryWith((d) => void delete d.connectors[1].credential.database.username);

    expect(messagesOf(doc)).toEqual([
      "warning: connectors[1].credential.database.username: the rotation function acts only on the user pinned in the secret's tags, taken from here: declare the login (every rotation is refused until then)",
    ]);
  });

  it("fails when a static cloud key is used in production", () => {
    const doc = inventoryWith(
      (d) =>
        void (d.connectors[1].credential = {
          type: "cloud-access-key",
          provider: "aws",
          mode: "static",
          rotation: { reminder: true },
        }),
    );

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "warning: connectors[1].credential.mode: mode static keeps a long-lived AWS key; mode dynamic (Vault's AWS secrets engine, available in dev, prod) issues short-lived credentials instead (it needs store: vault)",
        "connectors[1].credential.mode: static cloud keys are not allowed in production (environment prod): use mode dynamic or rotated",
      ]
    `);
  });
});

describe("credentials: per-environment overrides", () => {
  it("passes when an override changes a field of the shorthand credential", () => {
    const doc = inventoryWith(
      (d) =>
        void (d.connectors[0].environments.dev = {
          database: { host: "orders-db.dev.internal" },
        }),
    );

    expect(messagesOf(doc)).toEqual([]);
  });

  it("passes when an override changes a named credential", () => {
    const doc = inventoryWith((d) => {
      d.connectors[0].credentials = { db: d.connectors[0].credential };
      delete d.connectors[0].credential;
      d.connectors[0].environments.dev = {
        credentials: { db: { database: { port: 6432 } } },
      };
    });

    expect(messagesOf(doc)).toEqual([]);
  });

  it("fails when an override has an unknown or secret-looking field, at the override's own path", () => {
    const doc = inventoryWith((d) => {
      d.connectors[0].environments.dev = {
        database: {
          hots: "orders-db.dev.internal",
          password: "Xy7-canary-QeLp2vTt9",
        },
      };
    });

    const messages = messagesOf(doc);
    expect(messages.join("\n")).not.toContain("Xy7-canary-QeLp2vTt9");
    expect(messages).toMatchInlineSnapshot(`
      [
        "connectors[0].environments.dev.database.hots: unknown field "hots" (did you mean "host"?); allowed here: host, port, name, username",
        "connectors[0].environments.dev.database.password: unknown field "password", and it looks like secret material: remove it from the inventory (the inventory holds references only; write values with \`etl-secrets seed\`). Allowed here: host, port, name, username",
      ]
    `);
  });

  it("fails when the merged credential breaks the schema or the class limits", () => {
    const doc = inventoryWith((d) => {
      d.connectors[0].environments.dev = {
        database: { port: "5432" },
        ttl: { max: "12h" },
      };
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "connectors[0].environments.dev.database.port: must be a number, got text",
        "connectors[0].environments.dev.ttl.max: 12h exceeds the lease maximum of a critical credential (4h); ask for 4h or less",
      ]
    `);
  });

  it("fails when an override changes the type", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].environments.dev = { type: "rotated-password" }));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "connectors[0].environments.dev.type: a credential's type cannot change per environment; declare another credential instead",
      ]
    `);
  });

  it("fails when an override names a credential the connector does not have", () => {
    const doc = inventoryWith((d) => {
      d.connectors[0].environments.dev = {
        credentials: { replica: { database: { host: "replica.internal" } } },
      };
      d.connectors[1].credentials = { db: d.connectors[1].credential };
      delete d.connectors[1].credential;
      d.connectors[1].environments.dev = {
        database: { host: "billing-db.dev.internal" },
      };
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "connectors[0].environments.dev.credentials.replica: "replica" is not a credential of connector "orders-postgres"; its credentials: main",
        "connectors[1].environments.dev.database: top-level override fields apply to the credential "main", which connector "billing-mysql" does not have; use credentials: { <name>: {...} } (its credentials: db)",
      ]
    `);
  });
});

describe("credentials: long-running consumer leases", () => {
  const withLease = (max: string) =>
    inventoryWith(
      (d) =>
        void (d.connectors[0].consumers[0].lease = {
          max,
          reason: "keeps one replication slot open for days",
        }),
    );

  it("passes when a lease goes beyond the class maximum up to 24h, with a reason", () => {
    expect(messagesOf(withLease("24h"))).toEqual([]);
  });

  it("fails when a lease goes beyond 24h", () => {
    expect(messagesOf(withLease("2d"))).toMatchInlineSnapshot(`
      [
        "connectors[0].consumers[0].lease.max: 2d exceeds the longest lease a long-running consumer may ask for (1d)",
      ]
    `);
  });

  it("warns when the lease exception is not needed (within the class maximum)", () => {
    const doc = withLease("2h");

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "warning: connectors[0].consumers[0].lease: 2h is within the class maximum (4h); remove the lease exception",
      ]
    `);
  });

  it("fails when the reason is too short to say anything", () => {
    const doc = inventoryWith(
      (d) =>
        void (d.connectors[0].consumers[0].lease = {
          max: "24h",
          reason: "cdc",
        }),
    );

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "connectors[0].consumers[0].lease.reason: must be at least 10 characters long",
      ]
    `);
  });
});

describe("credentials: lifecycle", () => {
  it("fails when the review date is before the creation date", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].lifecycle.reviewBy = "2024-12-31"));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
      [
        "connectors[0].lifecycle.reviewBy: 2024-12-31 is before createdOn (2025-01-10)",
      ]
    `);
  });
});
