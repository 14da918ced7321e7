import { inventorySchema } from "../../lib/inventory";
import { isEchoable, looksLikeSecretKey } from "../../lib/inventory/secret-material";
import { structuralIssues } from "../../lib/inventory/structural-issues";
import { inventoryWith, messagesOf } from "../support/inventory/base-inventory";

const CANARY = "Xy7-canary-QeLp2vTt9";

describe("unknown keys", () => {
  it("are reported at their own path with a suggestion and the allowed keys", () => {
    const doc = inventoryWith((d) => {
      d.connectors[0].sensitivty = "high";
      d.connectors[0].credential.databse = d.connectors[0].credential.database;
      d.environments[0].vault.adress = "https://vault.dev.acme.example:8200";
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credential.databse: unknown field "databse" (did you mean "database"?); allowed here: type, database, ttl, statements",
  "connectors[0].sensitivty: unknown field "sensitivty" (did you mean "sensitivity"?); allowed here: id, purpose, owner, system, sensitivity, regulations, store, credential, credentials, consumers, environments, lifecycle",
  "environments[0].vault.adress: unknown field "adress" (did you mean "address"?); allowed here: address, edition, isolation, namespace, mountPrefix, auth, pki, awsIdentity, audit",
]
`);
  });

  it("suggest nothing when no allowed key is close", () => {
    const doc = inventoryWith((d) => void (d.owners[0].slack = "#orders"));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "owners[0].slack: unknown field "slack"; allowed here: id, name, email, oncall",
]
`);
  });

  it("list the keys of the credential kind actually written (discriminated unions)", () => {
    const doc = inventoryWith((d) => void (d.connectors[1].credential.rotaton = { days: 30 }));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].credential.rotaton: unknown field "rotaton" (did you mean "rotation"?); allowed here: type, strategy, master, database, rotation, seeded, allowPlaintext, tls",
]
`);
  });
});

describe("secret-looking keys", () => {
  it.each([
    "password",
    "db_password",
    "clientSecret",
    "apiKey",
    "token",
    "refresh_token",
    "privateKey",
    "secret_key",
    "secretId",
    "aws_secret_access_key",
    "connectionString",
    "dsn",
  ])("%s is secret material, and its value is never echoed", (key) => {
    const doc = inventoryWith((d) => void (d.connectors[0].credential.database[key] = CANARY));
    const issues = structuralIssues(inventorySchema, doc);

    expect(issues.map((issue) => issue.code)).toEqual(["secret-material"]);
    expect(issues[0].path).toEqual(["connectors", 0, "credential", "database", key]);
    expect(JSON.stringify(issues)).not.toContain(CANARY);
  });

  it("says what to do instead", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].credential.apiKey = CANARY));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credential.apiKey: unknown field "apiKey", and it looks like secret material: remove it from the inventory (the inventory holds references only; write values with \`etl-secrets seed\`). Allowed here: type, database, ttl, statements",
]
`);
  });

  it.each(["host", "tokenUrl", "passwordLength", "issuer", "subject"])("%s is not secret-looking", (key) => {
    expect(looksLikeSecretKey(key)).toBe(false);
  });

  it("a value of the wrong type under a secret-looking key is described, not shown", () => {
    expect(isEchoable("password", "short")).toBe(false);
    expect(isEchoable("password", 1234)).toBe(false);
  });
});

describe("values in messages", () => {
  it("are shown for a wrong enum value that is a short word", () => {
    const doc = inventoryWith((d) => void (d.environments[0].tier = "staging"));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[0].tier: must be one of production | non-production, got "staging"",
]
`);
  });

  it("are never shown when they look generated, even in an enum field", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].sensitivity = CANARY));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].sensitivity: must be one of critical | high | moderate | low, got text",
]
`);
  });

  it("are never shown as text for a wrong type: a value where a mapping belongs may be a secret", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].credential.database = "postgres-password"));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credential.database: must be a mapping, got text",
]
`);
  });

  it("are not shown when long or full of symbols", () => {
    expect(isEchoable("tier", "a".repeat(41))).toBe(false);
    expect(isEchoable("tier", "p@ss!")).toBe(false);
    expect(isEchoable("tier", "eu-west-1")).toBe(true);
  });
});

describe("enum messages", () => {
  it("list every allowed value", () => {
    const doc = inventoryWith((d) => {
      d.connectors[0].regulations = ["sox", "fisma"];
      d.environments[0].stores = ["vault", "gcp"];
      d.connectors[1].credential.strategy = "rotating";
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "warning: connectors[0].regulations[0]: environment prod is production and declares no approvals: one person alone can read this connector's values there (sox: house policy: a second person approves human reads in production (internal control over financial reporting; SOX names no control) (analogy: Sarbanes-Oxley Act of 2002 section 404)); declare approvals { group, required } (Vault Enterprise control groups)",
  "connectors[0].regulations[1]: must be one of sox | hipaa | pci | gdpr | ccpa | glba | soc2 | iso27001, got "fisma"",
  "connectors[1].credential.strategy: must be one of single-user | alternating-users, got "rotating"",
  "connectors[1].store: "aws" is not offered by environment(s) dev (stores: vault, gcp); use a store every environment of the connector offers",
  "environments[0].stores[1]: must be one of vault | aws, got "gcp"",
]
`);
  });

  it("name the expected literal", () => {
    expect(messagesOf(inventoryWith((d) => void (d.version = 2)))).toMatchInlineSnapshot(`
[
  "version: must be 1, got 2",
]
`);
  });
});

describe("required messages", () => {
  it("say what kind of value is required", () => {
    const doc = inventoryWith((d) => {
      delete d.organization;
      delete d.connectors[0].purpose;
      delete d.connectors[0].lifecycle;
      delete d.connectors[0].consumers[0].auth.method;
      delete d.connectors[1].credential.type;
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].consumers[0].auth.method: is required: one of approle | jwt | kubernetes | aws-iam",
  "connectors[0].lifecycle: is required (a mapping)",
  "connectors[0].purpose: is required (text)",
  "connectors[1].credential.type: is required: one of dynamic-database | rotated-password | static-password | api-key | certificate | oauth-client | key-pair | ssh-key | cloud-access-key | cloud-service-account-key | cloud-role | sasl | generic",
  "organization: is required (text)",
]
`);
  });

  it("say when a list or text must not be empty", () => {
    const doc = inventoryWith((d) => {
      d.owners[0].name = "";
      d.environments[0].stores = [];
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].store: "vault" is not offered by environment(s) dev (stores: none); use a store every environment of the connector offers",
  "connectors[1].store: "aws" is not offered by environment(s) dev (stores: none); use a store every environment of the connector offers",
  "environments[0].stores: must list at least one entry",
  "owners[0].name: must not be empty",
]
`);
  });
});

describe("format messages", () => {
  it("explain the expected format without echoing the value", () => {
    const doc = inventoryWith((d) => {
      d.owners[0].email = "orders at acme";
      d.connectors[0].id = "Orders_Postgres";
      d.connectors[0].lifecycle.reviewBy = "31/12/2026";
      d.environments[0].aws.accountId = 111111111111;
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].id: must be a lowercase slug: a letter, then letters, digits or '-', at most 48 characters",
  "connectors[0].lifecycle.reviewBy: must be a date written YYYY-MM-DD",
  "environments[0].aws.accountId: must be text, got 111111111111 (quote it in YAML)",
  "owners[0].email: must be an email address",
]
`);
  });
});
