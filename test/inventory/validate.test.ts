import { stringify } from "yaml";
import { formatIssue, sortIssues, validateDocument, validateInventoryText, type SpecIssue } from "../../lib/inventory";
import { baseInventory, inventoryWith, messagesOf } from "../support/inventory/base-inventory";

describe("cross-field rules on an invalid document", () => {
  it("still report when the structure is invalid elsewhere", () => {
    // GIVEN structural mistakes (a wrong enum, a missing section, a wrong type) AND reference mistakes
    const doc = inventoryWith((d) => {
      d.connectors[0].sensitivity = "secret";
      delete d.connectors[0].lifecycle;
      d.environments[1].tier = 1;
      d.connectors[0].owner = "nobody";
      d.connectors[1].environments.qa = {};
    });

    // THEN every one of them is reported in the same run
    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].lifecycle: is required (a mapping)",
  "connectors[0].owner: "nobody" is not a declared owner; declared owners: orders-team",
  "connectors[0].sensitivity: must be one of critical | high | moderate | low, got text",
  "connectors[1].environments.qa: "qa" is not a declared environment; declared environments: dev, prod",
  "environments[1].tier: must be one of production | non-production, got 1",
]
`);
  });

  it("still report when a section has the wrong shape, without echoing that mistake per reference", () => {
    const doc = inventoryWith((d) => {
      d.owners = "orders-team";
      d.connectors[1].consumers = { id: "billing-sync" };
      d.connectors[0].environments.qa = {};
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].environments.qa: "qa" is not a declared environment; declared environments: dev, prod",
  "connectors[1].consumers: must be a list, got a mapping",
  "owners: must be a list, got text",
]
`);
  });

  it("tolerate any shape without throwing", () => {
    for (const raw of [
      [],
      1,
      "x",
      true,
      { connectors: [null, 1, "x", []] },
      { connectors: [{ credentials: [1], consumers: [null], environments: [] }] },
    ]) {
      expect(() => validateDocument(raw)).not.toThrow();
      expect(validateDocument(raw).ok).toBe(false);
    }
  });
});

describe("the order of issues", () => {
  it("is by path, list indexes as numbers, when there are no lines", () => {
    // GIVEN twelve connectors, of which the 3rd and the 11th name an unknown owner
    const doc = inventoryWith((d) => {
      for (let i = 0; i < 10; i++) d.connectors.push({ ...structuredClone(d.connectors[1]), id: `extra-${i}`, consumers: [] });
      d.connectors[2].owner = "nobody";
      d.connectors[10].owner = "nobody";
      d.environments[0].tier = "qa";
    });

    expect(messagesOf(doc)).toEqual([
      'connectors[2].owner: "nobody" is not a declared owner; declared owners: orders-team',
      'connectors[10].owner: "nobody" is not a declared owner; declared owners: orders-team',
      'environments[0].tier: must be one of production | non-production, got "qa"',
    ]);
  });

  it("is by line when the inventory came from YAML", () => {
    const doc = inventoryWith((d) => {
      d.connectors[1].owner = "nobody";
      d.environments[0].tier = "qa";
      d.version = 2;
    });
    const result = validateInventoryText(stringify(doc));
    const lines = result.issues.map((issue) => issue.line!);

    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(result.issues.map((issue) => formatIssue(issue))).toMatchInlineSnapshot(`
[
  "inventory:1: version: must be 1, got 2",
  "inventory:9: environments[0].tier: must be one of production | non-production, got "qa"",
  "inventory:62: connectors[1].owner: "nobody" is not a declared owner; declared owners: orders-team",
]
`);
  });

  it("does not depend on the order the rules found them in", () => {
    const issues: SpecIssue[] = [
      { path: ["connectors", 1, "owner"], message: "b", code: "x", severity: "error" },
      { path: ["connectors", 0, "owner"], message: "b", code: "x", severity: "error" },
      { path: ["connectors", 0, "owner"], message: "a", code: "x", severity: "error" },
      { path: ["owners"], message: "c", code: "x", severity: "error", line: 3 },
    ];
    const reversed = [...issues].reverse();

    expect(sortIssues(issues)).toEqual(sortIssues(reversed));
    expect(sortIssues(issues).map((issue) => `${issue.line ?? "-"} ${issue.path.join(".")} ${issue.message}`)).toEqual([
      "3 owners c",
      "- connectors.0.owner a",
      "- connectors.0.owner b",
      "- connectors.1.owner b",
    ]);
  });

  it("is the same on every run", () => {
    const doc = inventoryWith((d) => {
      d.connectors[0].owner = "nobody";
      d.connectors[0].credential.rotation = { days: 400 };
      d.connectors[1].store = "gcp";
    });

    expect(validateDocument(doc).issues).toEqual(validateDocument(structuredClone(doc)).issues);
  });
});

describe("lines", () => {
  it("point at the key of an unknown field and at the value of a wrong one", () => {
    const text = stringify(
      inventoryWith((d) => {
        d.connectors[0].credential.database.pasword = "Zq9-canary-broken-Lm3";
        d.connectors[0].sensitivity = "secret";
      }),
    );
    const result = validateInventoryText(text);
    const lineText = (issue: SpecIssue) => text.split("\n")[issue.line! - 1].trim();

    expect(result.issues.map((issue) => [formatIssue(issue).replace(/:.*/, ""), lineText(issue).replace(/:.*/, ""), issue.column])).toEqual(
      [
        ["inventory", "sensitivity", 18],
        ["inventory", "pasword", 9],
      ],
    );
  });

  it("point at the closest parent for a missing field", () => {
    const text = stringify(inventoryWith((d) => void delete d.connectors[0].purpose));
    const [issue] = validateInventoryText(text).issues;

    expect(text.split("\n")[issue.line! - 1]).toContain("- id: orders-postgres");
  });
});

describe("warnings", () => {
  it("do not make an inventory invalid", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].consumers[0].lease = { max: "2h", reason: "long extracts of the history" }));
    const result = validateDocument(doc);

    expect(result.ok).toBe(true);
    expect(result.inventory).toBeDefined();
    expect(result.issues.map((issue) => issue.severity)).toEqual(["warning"]);
  });
});

describe("an empty document", () => {
  it.each([undefined, null])("(%s) says what an inventory holds", (raw) => {
    expect(messagesOf(raw)).toEqual([
      "the inventory is empty: expected a mapping with version, organization, owners, environments and connectors",
    ]);
  });

  it("is distinct from a valid base", () => {
    expect(messagesOf(baseInventory())).toEqual([]);
  });
});
