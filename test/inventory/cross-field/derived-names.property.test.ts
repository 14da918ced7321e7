import fc from "fast-check";
import { validateDocument } from "../../../lib/inventory";
import { propertyRuns } from "../../support/property-runs";

/*
 * Ids built from overlapping tokens (`main`, `main-x`, `x-y`, `y`...) against an oracle that
 * derives the colliding names with its own formulas, not the library's naming code: validation
 * accepts an inventory exactly when the oracle finds no two objects with one name, and when it
 * refuses, it is for derived-name collisions only. More runs: ETL_NAMES_PROPERTY_RUNS=10000.
 */
// Light 100: at the fixed seed, 50 cases give too few refusals (a tenth or less) for the check at the end; 100 give enough.
const RUNS = propertyRuns(300, { light: 100, variable: "ETL_NAMES_PROPERTY_RUNS" });

const VAULT_CONNECTORS = ["shop", "shop-db", "db", "db-a", "a-b"];
const CREDENTIALS = ["main", "main-x", "a", "db-a", "x"];
const CONSUMERS = ["x-y", "y", "x", "a", "main-x-y"];
const AWS_CONNECTORS = ["orders", "orders-x", "billing"];
const ROLE_NAMES = ["x", "x-dev", "X", "X-Dev", "eu-x", "Eu-X"];
const AWS_ENVIRONMENTS = ["dev", "dev-eu"];

interface VaultConnector {
  readonly id: string;
  readonly credentials: readonly string[];
  readonly consumers: readonly string[];
}
interface AwsConnector {
  readonly id: string;
  readonly roleName: string;
  readonly environment: string;
}

const vaultConnectors = fc.uniqueArray(
  fc.record({
    id: fc.constantFrom(...VAULT_CONNECTORS),
    credentials: fc.uniqueArray(fc.constantFrom(...CREDENTIALS), { minLength: 1, maxLength: 2 }),
    consumers: fc.uniqueArray(fc.constantFrom(...CONSUMERS), { minLength: 1, maxLength: 3 }),
  }),
  { selector: (c) => c.id, minLength: 1, maxLength: 3 },
);
const awsConnectors = fc.uniqueArray(
  fc.record({
    id: fc.constantFrom(...AWS_CONNECTORS),
    roleName: fc.constantFrom(...ROLE_NAMES),
    environment: fc.constantFrom(...AWS_ENVIRONMENTS),
  }),
  { selector: (c) => c.id, maxLength: 3 },
);

function document(vault: readonly VaultConnector[], aws: readonly AwsConnector[]): unknown {
  const lifecycle = { createdOn: "2025-01-10", reviewBy: "2026-12-31" };
  return {
    version: 1,
    organization: "acme-data",
    owners: [{ id: "data-team", name: "Data team", email: "data@acme.example" }],
    environments: [
      {
        name: "dev",
        tier: "non-production",
        stores: ["vault", "aws"],
        vault: { address: "https://vault.dev.acme.example:8200", isolation: "mount" },
        aws: { accountId: "111111111111", region: "eu-west-1" },
      },
      { name: "dev-eu", tier: "non-production", stores: ["aws"], aws: { accountId: "111111111111", region: "eu-west-1" } },
    ],
    connectors: [
      ...vault.map((c) => ({
        id: c.id,
        purpose: "Extract",
        owner: "data-team",
        system: "postgresql",
        sensitivity: "high",
        store: "vault",
        credentials: Object.fromEntries(
          c.credentials.map((name) => [name, { type: "dynamic-database", database: { host: "db.internal", port: 5432, name: "shop" } }]),
        ),
        consumers: c.consumers.map((id) => ({ id, auth: { method: "approle", cidrs: ["10.20.0.0/16"] } })),
        environments: { dev: {} },
        lifecycle,
      })),
      ...aws.map((c) => ({
        id: c.id,
        purpose: "Sync",
        owner: "data-team",
        system: "mysql",
        sensitivity: "high",
        store: "aws",
        credential: { type: "rotated-password", database: { host: "db.internal", port: 3306, name: "billing" }, rotation: { days: 30 } },
        consumers: [{ id: `${c.id}-job`, auth: { method: "aws-iam", roleName: c.roleName } }],
        environments: { [c.environment]: {} },
        lifecycle,
      })),
    ],
  };
}

/** Two different objects with one name, by the oracle's own formulas. */
function oracleCollides(vault: readonly VaultConnector[], aws: readonly AwsConnector[]): boolean {
  const duplicated = (names: string[]) => new Set(names).size !== names.length;
  const connections: string[] = [];
  const roles: string[] = [];
  const variables: string[] = [];
  for (const c of vault) {
    for (const credential of c.credentials) {
      connections.push([c.id, credential].join("-"));
      variables.push(["vault", "db", "bootstrap", c.id, credential].join("_").split("-").join("_"));
      for (const consumer of c.consumers) roles.push([c.id, credential, consumer].join("-"));
    }
  }
  // IAM role names are case-insensitive and unique per account (both environments share one).
  const iamRoles = aws.map((c) => `${c.roleName}-${c.environment}`.toLowerCase());
  // And the older rule: one roleName belongs to one consumer, whatever the environment.
  const roleNames = aws.map((c) => c.roleName);
  return duplicated(connections) || duplicated(roles) || duplicated(variables) || duplicated(iamRoles) || duplicated(roleNames);
}

describe("derived names (property): overlapping-token ids are accepted exactly when no derived name collides", () => {
  it("agrees with an independent naming oracle", () => {
    let refused = 0;
    fc.assert(
      fc.property(vaultConnectors, awsConnectors, (vault, aws) => {
        const result = validateDocument(document(vault, aws));
        const errors = result.issues.filter((issue) => issue.severity === "error");
        const collides = oracleCollides(vault, aws);
        expect({ ok: result.ok, collides }).toEqual({ ok: !collides, collides });
        expect(errors.filter((issue) => issue.code !== "derived-name-collision" && issue.code !== "duplicate-role-name")).toEqual([]);
        if (!result.ok) refused++;
      }),
      { numRuns: RUNS, seed: 110011 },
    );
    // The generator must reach both sides, or the property proves nothing.
    expect(refused).toBeGreaterThan(RUNS / 10);
    expect(refused).toBeLessThan(RUNS);
  });
});
