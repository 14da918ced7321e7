import { issuesOf, inventoryWith, messagesOf } from "../../support/inventory/base-inventory";

// Built at run time, so no literal secret sits in the repository.
const PASSWORD = ["Tr0ub", "4dor", "&3"].join("");

const secretFindings = (doc: unknown) =>
  issuesOf(doc)
    .filter((issue) => issue.code === "secret-in-text")
    .map((issue) => issue.path.join("."));

describe("secret material in SQL, URLs and user names is refused with the spec path", () => {
  const withStatements = (creation: string[]) =>
    inventoryWith((d) => void (d.connectors[0].credential.statements = { creation, revocation: ['DROP ROLE IF EXISTS "{{name}}";'] }));

  it.each([
    `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '${PASSWORD}' VALID UNTIL '{{expiration}}';`,
    `CREATE ROLE "{{name}}" WITH LOGIN ENCRYPTED PASSWORD 'md5${PASSWORD}';`,
    `CREATE USER '{{name}}'@'%' IDENTIFIED BY '${PASSWORD}';`,
    `CREATE USER '{{name}}'@'%' IDENTIFIED WITH mysql_native_password BY '${PASSWORD}';`,
    `SET PASSWORD FOR '{{name}}'@'%' = '${PASSWORD}';`,
    `alter role etl password $$${PASSWORD}$$;`,
  ])("a password literal in SQL is refused: %s", (statement) => {
    const doc = withStatements([statement]);

    expect(secretFindings(doc)).toEqual(["connectors.0.credential.statements.creation.0"]);
    expect(messagesOf(doc).join("\n")).not.toContain(PASSWORD);
  });

  it("Vault's {{password}} template is fine", () => {
    const doc = withStatements([
      `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
      `CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{ password }}';`,
    ]);

    expect(messagesOf(doc)).toEqual([]);
  });

  it("says what to write instead", () => {
    expect(messagesOf(withStatements([`CREATE ROLE x PASSWORD '${PASSWORD}';`]))).toEqual([
      "connectors[0].credential.statements.creation[0]: holds a password literal in SQL (PASSWORD '...' or IDENTIFIED BY '...'), which would be written into Terraform and its state: write Vault's {{password}} template instead (Vault fills in a generated password); secret values never go in the inventory",
    ]);
  });

  it.each([
    [`etl:${PASSWORD}@orders-db.internal`, "a login in a host"],
    [`orders-db.internal?password=${PASSWORD}`, "a password parameter in a host"],
  ])("a host with %s (%s) is refused as secret material, in an override too", (host) => {
    const doc = inventoryWith((d) => void (d.connectors[1].environments.prod = { database: { host } }));

    expect(secretFindings(doc)).toEqual(["connectors.1.environments.prod.database.host"]);
    expect(messagesOf(doc).join("\n")).not.toContain(PASSWORD);
  });

  it("a database name with a password parameter is refused", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].credential.database.name = `orders?sslmode=disable&password=${PASSWORD}`));

    expect(secretFindings(doc)).toEqual(["connectors.0.credential.database.name"]);
  });

  it.each([
    [`https://etl:${PASSWORD}@broker.acme.example/keys`, "a login"],
    [`https://broker.acme.example/keys?token=${PASSWORD}`, "a token parameter"],
    [`https://broker.acme.example/keys?X-Amz-Signature=${PASSWORD}`, "a presigned signature"],
  ])("a URL with %s (%s) is refused", (endpoint) => {
    const doc = inventoryWith((d) => {
      d.connectors[0].credentials = { main: d.connectors[0].credential, key: { type: "api-key", rotation: { endpoint } } };
      delete d.connectors[0].credential;
    });

    expect(secretFindings(doc)).toEqual(["connectors.0.credentials.key.rotation.endpoint"]);
    expect(messagesOf(doc).join("\n")).not.toContain(PASSWORD);
  });

  it("user:pass in a username is refused", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].credential.database.username = `etl:${PASSWORD}`));

    expect(secretFindings(doc)).toEqual(["connectors.0.credential.database.username"]);
    expect(messagesOf(doc).join("\n")).not.toContain(PASSWORD);
  });

  it("ordinary text with words like password is not refused", () => {
    const doc = inventoryWith((d) => {
      d.connectors[1].purpose = "Hourly sync of invoices; the password rotates every 30 days";
      d.owners[0].oncall = "pagerduty:PXXXXXX";
    });

    expect(messagesOf(doc)).toEqual([]);
  });
});

describe("credentials pasted into free text or names are refused, never echoed", () => {
  // A cloud key id and a generated password, made at run time (no credential-shaped literal in the repository).
  const keyId = ["AK", "IA", "Q7XW2M4N6P8R3T5V"].join("");
  const generated = ["Cn", "x4Soic", "F8p7qZ2"].join("");

  it.each([
    ["a purpose", (d: any) => void (d.connectors[0].purpose = `Nightly extract, key ${keyId}`)],
    ["a consumer description", (d: any) => void (d.connectors[0].consumers[0].description = `pw ${generated}`)],
    ["an owner's name", (d: any) => void (d.owners[0].name = `Team ${generated}`)],
    [
      "a credential name (lower-cased key id)",
      (d: any) => {
        d.connectors[1].credentials = { [keyId.toLowerCase()]: d.connectors[1].credential };
        delete d.connectors[1].credential;
      },
    ],
  ])("in %s", (_where, mutate) => {
    const doc = inventoryWith(mutate);
    const findings = issuesOf(doc).filter((issue) => issue.code === "secret-in-text");
    expect(findings.length).toBeGreaterThan(0);
    const text = messagesOf(doc).join("\n");
    for (const secret of [keyId, keyId.toLowerCase(), generated]) expect(text).not.toContain(secret);
  });

  it("accepts what is public or plain: an external id, a certificate, words, ids with a digit", () => {
    const doc = inventoryWith((d) => {
      d.connectors[0].purpose = "Loads GA4 events and the v2 orders API into the lake (OAuth2ClientCredentials flow)";
      d.connectors[1].consumers = [
        { id: "vendor-etl", auth: { method: "aws-iam", trustedAccount: "999999999999", externalId: "acme-landing-7f3k" } },
      ];
      d.connectors[1].credentials = { "s3-landing2": d.connectors[1].credential };
      delete d.connectors[1].credential;
    });
    expect(issuesOf(doc).filter((issue) => issue.code === "secret-in-text")).toEqual([]);
  });
});
