import { formatIssue, formatPath, validateInventoryText } from "../../lib/inventory";
import { quoted, shownAs } from "../../lib/inventory/display";
import { inventoryWith, messagesOf } from "../support/inventory/base-inventory";

// Built at run time: a generated-looking value, as a password would be.
const CANARY = ["Qz7", "kP2", "Lx9", "Wm4"].join("");

describe("formatPath shows ids and schema words, redacts anything else", () => {
  it("reads as today for ids, field names and indexes", () => {
    expect(formatPath(["connectors", 0, "environments", "qa"])).toBe("connectors[0].environments.qa");
    expect(formatPath(["connectors", 0, "credential", "allow", "s3:GetObject", 0])).toBe(
      'connectors[0].credential.allow["s3:GetObject"][0]',
    );
    expect(formatPath(["$schema"])).toBe("$schema");
  });

  it("redacts a key that could be a secret, with its length", () => {
    expect(formatPath(["connectors", 0, "environments", CANARY])).toBe("connectors[0].environments[<redacted, 12 chars>]");
    expect(formatPath(["connectors", 0, "credentials", "k1x2y3z4"])).toBe("connectors[0].credentials[<redacted, 8 chars>]");
  });
});

describe("messages quote inventory text only when it is an id", () => {
  it("an environment key that looks generated is redacted in the path and the message", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].environments[CANARY] = {}));

    expect(messagesOf(doc)).toEqual([
      "connectors[0].environments[<redacted, 12 chars>]: <redacted, 12 chars> is not a declared environment; declared environments: dev, prod",
      "connectors[0].environments[<redacted, 12 chars>]: holds what looks like a credential (a cloud key, a token, a private key or a generated password), which would be written into Terraform and its state: remove it; the inventory holds references only, and values are written with `etl-secrets seed`",
    ]);
  });

  it("a lower-case reference that looks generated is redacted", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].owner = "x9k2p7q4"));

    expect(messagesOf(doc)).toEqual(["connectors[0].owner: <redacted, 8 chars> is not a declared owner; declared owners: orders-team"]);
  });

  it("an unknown field whose name is a secret is redacted, a typo of a field is shown", () => {
    const doc = inventoryWith((d) => {
      d.connectors[0].credential[CANARY] = 1;
      d.connectors[0].purpos = "x";
    });

    expect(messagesOf(doc).join("\n")).not.toContain(CANARY);
    expect(messagesOf(doc)).toContainEqual(expect.stringContaining('unknown field "purpos" (did you mean "purpose"?)'));
  });

  it("a file that is not an inventory (a password file) is named for what it is not, without its lines", () => {
    const result = validateInventoryText(`root:${CANARY}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n`);

    expect(result.issues.map((issue) => formatIssue(issue, "/etc/shadow"))).toEqual([
      "/etc/shadow:1: this is not an inventory: none of its 2 top-level key(s) is version, organization, owners, environments, connectors (its content is not shown; is this the right file?)",
    ]);
  });

  it("a YAML error that would quote the file describes the error instead", () => {
    const result = validateInventoryText(`version: 1\norganization: |${CANARY}\n  acme\n`);
    const printed = result.issues.map((issue) => formatIssue(issue)).join("\n");

    expect(printed).not.toContain(CANARY);
    expect(printed).toContain("not shown");
  });
});

describe("what counts as an id", () => {
  it.each(["orders-postgres", "kafka01", "ec2-loader", "s3-archive", "prod-eu1", "cloud-access-key", "accountId"])(
    "%s is shown",
    (text) => {
      expect(quoted(text)).toBe(`"${text}"`);
    },
  );

  it.each([
    ["x9k2p7q4", "letters and digits interleaved"],
    ["a".repeat(49), "longer than an id"],
    ["db-password", "named like a secret"],
    ["Orders", "not lower-case"],
    ["orders team", "a space"],
    ["k3j5h7g9f2d4s6a8", "a generated run"],
  ])("%s is redacted (%s)", (text) => {
    expect(quoted(text)).toBe(`<redacted, ${text.length} chars>`);
  });
});

describe("rule ids and check targets", () => {
  it("shows a check's id and a stack or construct path as they are, and redacts anything else", () => {
    expect(shownAs("rule-id", "CKV_AWS_304")).toBe("CKV_AWS_304");
    expect(shownAs("rule-id", "ETL-VAULT-003")).toBe("ETL-VAULT-003");
    expect(shownAs("rule-id", CANARY)).toBe("<redacted, 12 chars>");
    expect(shownAs("rule-id", "AKIA_X9K2P7Q4Z8W1")).toBe("<redacted, 17 chars>");
    expect(shownAs("check-target", "prod")).toBe("prod");
    expect(shownAs("check-target", "prod/aws/secret-stripe-api_main/secret")).toBe("prod/aws/secret-stripe-api_main/secret");
    expect(shownAs("check-target", `prod/${CANARY.toLowerCase()}`)).toBe("<redacted, 17 chars>");
    expect(shownAs("check-target", "prod/Has Spaces")).toBe("<redacted, 15 chars>");
  });
});
