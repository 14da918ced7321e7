import { SENSITIVITY_CLASSES } from "../../../lib/inventory";
import { credentialLimitFindings } from "../../../lib/inventory/cross-field/credential-limits";
import { inventoryWith, messagesOf, type Doc } from "../../support/inventory/base-inventory";

/** connectors[0] (Vault) with another credential and sensitivity. */
function vaultCredential(credential: Record<string, unknown>, sensitivity = "critical", system = "postgresql"): Doc {
  return inventoryWith((d) => {
    d.connectors[0].credential = credential;
    d.connectors[0].sensitivity = sensitivity;
    d.connectors[0].system = system;
  });
}

/** connectors[1] (AWS Secrets Manager) with another credential and sensitivity. */
function awsCredential(credential: Record<string, unknown>, sensitivity = "high", system = "mysql"): Doc {
  return inventoryWith((d) => {
    d.connectors[1].credential = credential;
    d.connectors[1].sensitivity = sensitivity;
    d.connectors[1].system = system;
  });
}

describe("credential limits: rotation within the class", () => {
  it.each(Object.entries(SENSITIVITY_CLASSES))("passes at the %s maximum on Vault", (sensitivity, limits) => {
    const doc = vaultCredential(
      { type: "rotated-password", database: { host: "db", username: "app" }, rotation: { days: limits.rotationMaxDays } },
      sensitivity,
    );

    expect(messagesOf(doc)).toEqual([]);
  });

  it("fails when a critical credential rotates less often than every 30 days", () => {
    const doc = vaultCredential({ type: "rotated-password", database: { host: "db", username: "app" }, rotation: { days: 31 } });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credential.rotation.days: 31 days exceeds the rotation maximum of a critical credential (30 days); allowed: 1 to 30",
]
`);
  });

  it("applies to every kind's rotation field (oauth-client: clientSecretRotation)", () => {
    const doc = vaultCredential({ type: "oauth-client", grant: "client-credentials", clientSecretRotation: { days: 45 } });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credential.clientSecretRotation.days: 45 days exceeds the rotation maximum of a critical credential (30 days); allowed: 1 to 30",
]
`);
  });
});

describe("credential limits: Secrets Manager rotation never exceeds 90 days", () => {
  it("passes when a low credential in Vault rotates every 365 days", () => {
    expect(
      messagesOf(vaultCredential({ type: "rotated-password", database: { host: "db", username: "app" }, rotation: { days: 365 } }, "low")),
    ).toEqual([]);
  });

  it("passes when a reminder-only credential in AWS waits 180 days (nothing rotates on a schedule)", () => {
    expect(messagesOf(awsCredential({ type: "static-password", rotation: { days: 180 } }, "moderate"))).toEqual([]);
  });

  it("fails when Secrets Manager would rotate a low credential every 180 days", () => {
    const doc = awsCredential({ type: "rotated-password", database: { host: "db", username: "app" }, rotation: { days: 180 } }, "low");

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].credential.rotation.days: 180 days exceeds what AWS Secrets Manager rotation may use whatever the class (90 days, CKV_AWS_304); allowed: 1 to 90",
]
`);
  });

  it("fails, naming the stricter limit, when an AWS key-broker rotation exceeds both class and Secrets Manager", () => {
    const doc = awsCredential({ type: "api-key", rotation: { days: 200, endpoint: "https://broker.internal/x" } }, "moderate");

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].credential.rotation.days: 200 days exceeds the rotation maximum of a moderate credential (180 days; 90 in AWS Secrets Manager, CKV_AWS_304); allowed: 1 to 90",
]
`);
  });
});

describe("credential limits: TTLs within the class", () => {
  it("passes for dynamic database TTLs at the class maximum", () => {
    expect(
      messagesOf(
        vaultCredential({ type: "dynamic-database", database: { host: "db", username: "app" }, ttl: { default: "1h", max: "4h" } }),
      ),
    ).toEqual([]);
  });

  it("fails when dynamic database TTLs exceed the lease maximum", () => {
    const doc = vaultCredential({ type: "dynamic-database", database: { host: "db", username: "app" }, ttl: { default: "5h", max: "1d" } });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credential.ttl.default: 5h exceeds the lease maximum of a critical credential (4h); ask for 4h or less",
  "connectors[0].credential.ttl.max: 1d exceeds the lease maximum of a critical credential (4h); ask for 4h or less",
]
`);
  });

  it("fails when the default TTL is longer than the maximum", () => {
    const doc = vaultCredential({
      type: "dynamic-database",
      database: { host: "db", username: "app" },
      ttl: { default: "2h", max: "30m" },
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credential.ttl.default: 2h is longer than ttl.max (30m)",
]
`);
  });

  it("fails when a certificate outlives its class TTL", () => {
    const doc = vaultCredential({ type: "certificate", certificate: { commonName: "etl.acme.example", ttl: "48h" } });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credential.certificate.ttl: 48h exceeds the certificate TTL of a critical credential (1d); ask for 1d or less",
]
`);
  });

  it("fails when an SSH certificate outlives its class TTL, or signs without principals", () => {
    const doc = vaultCredential({ type: "ssh-key", mode: "signed-certificate", ttl: "2d" });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credential.principals: is required with mode: signed-certificate: the login names a certificate may carry",
  "connectors[0].credential.ttl: 2d exceeds the certificate TTL of a critical credential (1d); ask for 1d or less",
]
`);
  });

  it("fails when a dynamic cloud credential outlives the lease maximum", () => {
    const doc = vaultCredential({
      type: "cloud-service-account-key",
      provider: "gcp",
      mode: "dynamic",
      project: "p",
      roles: ["roles/viewer"],
      ttl: "8h",
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credential.ttl: 8h exceeds the lease maximum of a critical credential (4h); ask for 4h or less",
]
`);
  });
});

describe("credential limits: what each kind needs", () => {
  it("passes when a system the library knows gets dynamic credentials without statements", () => {
    expect(
      messagesOf(vaultCredential({ type: "dynamic-database", database: { host: "db", username: "app" } }, "critical", "mysql")),
    ).toEqual([]);
  });

  it("fails when another system gets dynamic credentials without statements", () => {
    const doc = vaultCredential({ type: "dynamic-database", database: { host: "db", username: "app" } }, "critical", "redshift");

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credential.statements: is required for system redshift: the library knows creation and revocation statements for postgresql, mysql, mariadb only",
]
`);
  });

  it("fails when rotation functions are asked to rotate a system they do not support", () => {
    const doc = awsCredential({ type: "rotated-password", database: { host: "db", username: "app" } }, "high", "mssql");

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].credential.type: the rotation functions support postgresql, mysql, mariadb; system mssql needs static-password (reminder) or a key-broker credential",
]
`);
  });

  it("fails when alternating-users has no master, or single-user has one", () => {
    const alternating = awsCredential({
      type: "rotated-password",
      strategy: "alternating-users",
      database: { host: "db", username: "app" },
    });
    const single = awsCredential({ type: "rotated-password", master: "orders-postgres", database: { host: "db", username: "app" } });

    expect([...messagesOf(alternating), ...messagesOf(single)]).toMatchInlineSnapshot(`
[
  "connectors[1].credential.master: is required with strategy: alternating-users: the connector whose credential creates and alters the user pair",
  "connectors[1].credential.master: is only used with strategy: alternating-users",
]
`);
  });

  it.each([
    ["a key broker", { endpoint: "https://broker.internal/kafka" }],
    ["a reminder", { reminder: true }],
  ])("passes when an API key, SASL or key-pair credential rotates by %s", (_, rotation) => {
    expect(messagesOf(vaultCredential({ type: "sasl", mechanism: "plain", rotation }))).toEqual([]);
  });

  it("fails when such a credential says neither, both, or nothing about rotation", () => {
    const messages = [
      ...messagesOf(vaultCredential({ type: "api-key" })),
      ...messagesOf(vaultCredential({ type: "api-key", rotation: { days: 30 } })),
      ...messagesOf(
        vaultCredential({ type: "key-pair", algorithm: "ed25519", rotation: { reminder: true, endpoint: "https://broker.internal/k" } }),
      ),
    ];

    expect(messages).toMatchInlineSnapshot(`
[
  "connectors[0].credential.rotation: is required: give endpoint (a key broker rotates it) or reminder: true (only the issuer can; the owner is reminded by the daily checker, which needs an aws account in the environment)",
  "connectors[0].credential.rotation: needs endpoint (a key broker rotates it) or reminder: true (only the issuer can rotate it)",
  "connectors[0].credential.rotation: gives both endpoint and reminder: choose one (a key broker rotates it, or the owner is reminded by the daily checker, which needs an aws account in the environment)",
]
`);
  });
});

describe("credentialLimitFindings", () => {
  it("reports paths relative to the credential, and nothing for an unknown class", () => {
    const credential = { type: "rotated-password", database: { host: "db", username: "app" }, rotation: { days: 400 } };

    expect(credentialLimitFindings(credential, "low", "postgresql").map((f) => f.path)).toEqual([["rotation", "days"]]);
    expect(credentialLimitFindings(credential, "secret", "postgresql")).toEqual([]);
  });
});
