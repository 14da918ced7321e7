import { formatPath } from "../../../lib/inventory/issues";
import { validateDocument } from "../../../lib/inventory/validate";
import { fixtureDocument } from "../../support/inventories";

function issuesOf(doc: Record<string, any>) {
  return validateDocument(doc)
    .issues.filter((issue) => issue.code.startsWith("mount-prefix"))
    .map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

describe("mount prefixes share one path space with namespaces", () => {
  it("accepts acme, whose mount-isolated test sits beside the etl namespace with the default prefix etl-test", () => {
    expect(issuesOf(fixtureDocument("acme.yaml"))).toEqual([]);
  });

  it("fails when a mount prefix starts with a namespace of the same cluster", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments[1].vault.mountPrefix = "etl/test";
    expect(issuesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[1].vault.mountPrefix: mount prefix "etl/test" starts with "etl", the namespace of environment dev on the same cluster; Vault routes namespaces and mounts through one path space: choose another prefix",
]
`);
  });

  it("fails when two mount prefixes on one cluster nest", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments.push({ ...doc.environments[1], name: "qa", vault: { ...doc.environments[1].vault, mountPrefix: "etl-test/qa" } });
    expect(issuesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[4].vault.mountPrefix: mount prefix "etl-test/qa" lies inside "etl-test" of environment test; prefixes on one cluster must not nest",
]
`);
  });
});

describe("AWS names derived from the organization", () => {
  it("fails when the organization is too long for the audit bucket names of an AWS account", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.organization = "acme-data-platform-engineering";
    const issues = validateDocument(doc).issues.filter((issue) => issue.code === "organization-too-long-for-aws");
    expect(issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`)).toMatchInlineSnapshot(`
[
  "organization: is 30 characters; with AWS environments (dev, staging, prod) it names the audit buckets <organization>-<account>-etl-secrets-access-logs, which S3 limits to 63 characters: use at most 26",
]
`);
  });

  it("accepts a long organization when no environment uses AWS", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.organization = "acme-data-platform-engineering";
    doc.environments = doc.environments.filter((env: { name: string }) => env.name === "test");
    doc.connectors = doc.connectors.filter(
      (c: { store: string; environments: Record<string, unknown> }) => c.store === "vault" && "test" in c.environments,
    );
    for (const connector of doc.connectors) connector.environments = { test: {} };
    expect(validateDocument(doc).issues.filter((issue) => issue.code === "organization-too-long-for-aws")).toEqual([]);
  });
});
