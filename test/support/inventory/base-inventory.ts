import { formatIssue, validateDocument, type SpecIssue } from "../../../lib/inventory/index";

/**
 * A small valid inventory that rule tests clone and mutate. It is deliberately plain data (what a
 * YAML file parses to), so tests can break it in any way a person could.
 *
 * - dev: non-production, Vault community (mount isolation) and AWS
 * - prod: production, Vault Enterprise (namespace etl/prod, audit log shipped) and AWS
 * - orders-postgres: Vault, critical, dynamic database credentials, one AppRole consumer
 * - billing-mysql: AWS Secrets Manager, high, rotated password, one aws-iam consumer
 */
export type Doc = any;

const BASE = {
  version: 1,
  organization: "acme-data",
  owners: [{ id: "orders-team", name: "Orders data team", email: "orders-data@acme.example" }],
  environments: [
    {
      name: "dev",
      tier: "non-production",
      stores: ["vault", "aws"],
      vault: { address: "https://vault.dev.acme.example:8200", isolation: "mount" },
      aws: { accountId: "111111111111", region: "eu-west-1" },
    },
    {
      name: "prod",
      tier: "production",
      stores: ["vault", "aws"],
      // The audit log is shipped (vault.audit): without it, production gets a warning.
      vault: {
        address: "https://vault.acme.example:8200",
        edition: "enterprise",
        isolation: "namespace",
        namespace: "etl/prod",
        audit: { accountId: "444444444444", region: "eu-west-1" },
      },
      aws: { accountId: "222222222222", region: "eu-west-1" },
    },
  ],
  connectors: [
    {
      id: "orders-postgres",
      purpose: "Nightly extract of the orders schema",
      owner: "orders-team",
      system: "postgresql",
      sensitivity: "critical",
      store: "vault",
      credential: {
        type: "dynamic-database",
        database: { host: "orders-db.internal", port: 5432, name: "orders" },
      },
      consumers: [{ id: "orders-nightly", auth: { method: "approle", cidrs: ["10.20.0.0/16"] } }],
      environments: { dev: {}, prod: {} },
      lifecycle: { createdOn: "2025-01-10", reviewBy: "2026-12-31" },
    },
    {
      id: "billing-mysql",
      purpose: "Hourly sync of invoices",
      owner: "orders-team",
      system: "mysql",
      sensitivity: "high",
      store: "aws",
      credential: {
        type: "rotated-password",
        database: { host: "billing-db.internal", port: 3306, name: "billing", username: "billing_sync" },
        rotation: { days: 30 },
      },
      consumers: [{ id: "billing-sync", auth: { method: "aws-iam", roleName: "billing-sync" } }],
      environments: { dev: {}, prod: {} },
      lifecycle: { createdOn: "2024-11-20", reviewBy: "2027-01-31" },
    },
  ],
};

/** A fresh, mutable copy of the valid base inventory. */
export function baseInventory(): Doc {
  return structuredClone(BASE);
}

/** A fresh copy, changed by `mutate` (which may also return a replacement). */
export function inventoryWith(mutate: (doc: Doc) => Doc | void): Doc {
  const doc = baseInventory();
  return mutate(doc) ?? doc;
}

/** Every issue of a document. */
export function issuesOf(doc: unknown): readonly SpecIssue[] {
  return validateDocument(doc).issues;
}

/** Every issue as the one line a person reads (`path: message`), in reporting order. */
export function messagesOf(doc: unknown): string[] {
  return issuesOf(doc).map((issue) => formatIssue(issue));
}

/** The lines of issues with one of the given codes (so a test pins only the rule it is about). */
export function messagesWithCode(doc: unknown, ...codes: string[]): string[] {
  return issuesOf(doc)
    .filter((issue) => codes.includes(issue.code))
    .map((issue) => formatIssue(issue));
}
