/*
 * A fast-check generator of adversarial inventories: every one is valid YAML-shaped data, built to
 * break the library's promises rather than its parser. Ids come from overlapping tokens (so derived
 * names collide after joining with `-`), Vault addresses from lookalikes of one cluster, text from
 * templates, token syntax, URL and SQL fragments, and canaries sit in keys, values and references.
 */
import fc from "fast-check";
import { SQL_FRAGMENTS, TEMPLATE_FRAGMENTS, URL_FRAGMENTS } from "./hostile-text";

export interface Canaries {
  readonly accessKeyId: string;
  readonly password: string;
}

export interface AdversarialCase {
  readonly document: Record<string, unknown>;
  /** Every canary the document carries (somewhere: a key, a value or a reference). */
  readonly canaries: readonly string[];
}

const TOKENS = ["a", "b", "x", "y", "main", "db", "shop", "eu", "prod", "orders", "consumer", "operator"] as const;
const ACCOUNTS = ["111111111111", "222222222222"] as const;
/** One cluster, spelled as an adversary would; plus a second cluster. */
export const VAULT_ADDRESSES = [
  "https://vault.acme.example:8200",
  "https://VAULT.acme.example",
  "https://vault.acme.example.",
  "https://vault.acme.example:443/",
  "https://Vault.Acme.Example:8200/",
  "https://vault.dev.acme.example:8200",
] as const;

/** Present in about one case in `odds`. */
function rare<T>(arbitrary: fc.Arbitrary<T>, odds = 12): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: odds - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

const id = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 3 }).map((parts) => parts.join("-"));

const envName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("prod", "dev", "eu", "prod-eu", "staging") },
  { weight: 1, arbitrary: fc.constantFrom("aws-111111111111", "vault-acme-example", "vault-dev-acme-example") },
  { weight: 2, arbitrary: id },
);

/** Prose with an optional hostile fragment somewhere in it. */
function text(canaries: Canaries): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 40, arbitrary: fc.constantFrom("Nightly extract", "Loads the lake", "Sync of invoices") },
    {
      weight: 8,
      arbitrary: fc
        .tuple(fc.constantFrom("Extract ", ""), fc.constantFrom(...TEMPLATE_FRAGMENTS), fc.constantFrom("", " tail"))
        .map((p) => p.join("")),
    },
    { weight: 1, arbitrary: fc.constantFrom(`key ${canaries.accessKeyId}`, `pw ${canaries.password}`) },
  );
}

function host(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 16, arbitrary: fc.constantFrom("orders-db.internal", "db.prod.internal") },
    { weight: 1, arbitrary: fc.constantFrom(...URL_FRAGMENTS, ...TEMPLATE_FRAGMENTS) },
  );
}

function environment(canaries: Canaries) {
  return fc
    .record({
      name: envName,
      tier: fc.constantFrom("production", "non-production"),
      stores: fc.constantFrom(["vault"], ["aws"], ["vault", "aws"]),
      address: fc.constantFrom(...VAULT_ADDRESSES),
      isolation: fc.constantFrom("namespace", "mount"),
      namespace: fc.constantFrom("etl/prod", "etl/dev", "etl", "etl/prod-eu"),
      mountPrefix: fc.option(fc.constantFrom("etl-prod", "etl-eu", "etl"), { nil: undefined }),
      account: fc.constantFrom(...ACCOUNTS),
      approvals: rare(text(canaries), 4),
    })
    .map((e) => {
      const env: Record<string, unknown> = { name: e.name, tier: e.tier, stores: e.stores };
      if (e.stores.includes("vault")) {
        env.vault =
          e.isolation === "namespace"
            ? { address: e.address, edition: "enterprise", isolation: "namespace", namespace: e.namespace }
            : { address: e.address, edition: "enterprise", isolation: "mount", ...(e.mountPrefix ? { mountPrefix: e.mountPrefix } : {}) };
      }
      if (e.stores.includes("aws")) env.aws = { accountId: e.account, region: "eu-west-1" };
      if (e.approvals && e.stores.includes("vault")) env.approvals = { group: e.approvals, required: 1 };
      return env;
    });
}

function vaultCredential(canaries: Canaries): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof<fc.Arbitrary<Record<string, unknown>>[]>(
    fc.record(
      {
        type: fc.constant("dynamic-database"),
        database: fc.record(
          {
            host: host(),
            port: fc.constant(5432),
            name: fc.oneof({ weight: 12, arbitrary: fc.constant("orders") }, { weight: 1, arbitrary: fc.constantFrom(...URL_FRAGMENTS) }),
            username: rare(
              fc.oneof(
                { weight: 6, arbitrary: fc.constant("vault_admin") },
                { weight: 1, arbitrary: fc.constantFrom("admin:pw", `u-${canaries.password}`) },
              ),
              2,
            ),
          },
          { requiredKeys: ["host", "port", "name"] },
        ),
        statements: rare(
          fc.record({
            creation: fc.constantFrom(...SQL_FRAGMENTS, "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';").map((sql) => [sql]),
            revocation: fc.constant(['DROP ROLE "{{name}}";']),
          }),
          3,
        ),
      },
      { requiredKeys: ["type", "database"] },
    ),
    fc.constant({ type: "api-key", rotation: { days: 90, reminder: true } }),
    fc.constant({ type: "static-password", rotation: { days: 90, reminder: true } }),
  );
}

function awsCredential(): fc.Arbitrary<Record<string, unknown>> {
  const arn = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("arn:aws:s3:::acme-landing/*", "arn:aws:s3:::acme-landing") },
    { weight: 1, arbitrary: fc.constantFrom("arn:aws:iam::*:*", "*") },
  );
  const action = fc.oneof(
    { weight: 6, arbitrary: fc.constant("s3:GetObject") },
    { weight: 1, arbitrary: fc.constantFrom("iam:*", "*", "s3:*") },
  );
  return fc.oneof<fc.Arbitrary<Record<string, unknown>>[]>(
    fc.record({
      type: fc.constant("rotated-password"),
      strategy: fc.constant("single-user"),
      database: fc.record({
        host: host(),
        port: fc.constant(5432),
        name: fc.constant("orders"),
        username: fc.oneof(
          { weight: 8, arbitrary: fc.constant("orders_sync") },
          { weight: 1, arbitrary: fc.constantFrom("postgres", "admin:pw") },
        ),
      }),
      rotation: fc.constant({ days: 30 }),
    }),
    fc.constant({ type: "api-key", rotation: { days: 90, reminder: true } }),
    fc
      .record({
        roleName: fc.option(fc.constantFrom("x", "X", "orders-archiver", "Orders-Archiver", "eu-x"), { nil: undefined }),
        trustedAccount: fc.option(fc.constantFrom(...ACCOUNTS, "999999999999"), { nil: undefined }),
        externalId: fc.oneof({ weight: 3, arbitrary: fc.constant("vendor-7f3k") }, { weight: 1, arbitrary: fc.constant(undefined) }),
        action,
        arn,
      })
      .map((r) => ({
        type: "cloud-role",
        provider: "aws",
        ...(r.roleName ? { roleName: r.roleName } : {}),
        ...(r.trustedAccount ? { trustedAccount: r.trustedAccount } : {}),
        ...(r.externalId ? { externalId: r.externalId } : {}),
        allow: { [r.action]: [r.arn] },
      })),
  );
}

function consumer(canaries: Canaries, store: "vault" | "aws") {
  const auth =
    store === "vault"
      ? fc.oneof(
          fc.constant({ method: "approle", cidrs: ["10.20.0.0/16"] }),
          fc.record({
            method: fc.constant("jwt"),
            issuer: fc.constant("https://token.actions.githubusercontent.com"),
            subject: text(canaries),
            audience: fc.constant("vault"),
          }),
          fc.record({ method: fc.constant("aws-iam"), roleName: fc.constantFrom("x", "X", "orders-archiver", "Orders-Archiver", "eu-x") }),
        )
      : fc.oneof(
          fc.record({ method: fc.constant("aws-iam"), roleName: fc.constantFrom("x", "X", "orders-archiver", "Orders-Archiver", "eu-x") }),
          fc.record({
            method: fc.constant("aws-iam"),
            trustedAccount: fc.constantFrom(...ACCOUNTS, "999999999999"),
            externalId: fc.constant("vendor-7f3k"),
          }),
          fc.record({
            method: fc.constant("jwt"),
            issuer: fc.constant("https://token.actions.githubusercontent.com"),
            subject: text(canaries),
            audience: fc.constant("sts.amazonaws.com"),
          }),
        );
  return fc.record({ id, auth, description: fc.option(text(canaries), { nil: undefined }) }, { requiredKeys: ["id", "auth"] });
}

interface EnvFacts {
  readonly name: string;
  readonly stores: readonly string[];
}

function connector(canaries: Canaries, envs: readonly EnvFacts[], ownerId: string) {
  // Mostly a store some environment offers; now and then one none does.
  const offered = (["vault", "aws"] as const).filter((store) => envs.some((env) => env.stores.includes(store)));
  const stores = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom<"vault" | "aws">(...offered) },
    { weight: 1, arbitrary: fc.constantFrom<"vault" | "aws">("vault", "aws") },
  );
  return stores.chain((store) => {
    const offering = envs.filter((env) => env.stores.includes(store)).map((env) => env.name);
    return fc
      .record({
        id,
        purpose: text(canaries),
        owner: fc.oneof({ weight: 59, arbitrary: fc.constant(ownerId) }, { weight: 1, arbitrary: fc.constant(canaries.password) }),
        store: fc.constant(store),
        credentials: fc.dictionary(
          fc.oneof({ weight: 59, arbitrary: id }, { weight: 1, arbitrary: fc.constant(canaries.accessKeyId.toLowerCase()) }),
          store === "vault" ? vaultCredential(canaries) : awsCredential(),
          { minKeys: 1, maxKeys: 2 },
        ),
        consumers: fc.array(consumer(canaries, store), { maxLength: 3 }),
        envs: offering.length > 0 ? fc.subarray(offering, { minLength: 1 }) : fc.constant(envs.slice(0, 1).map((env) => env.name)),
        strayEnv: rare(fc.constantFrom(canaries.password, "qa"), 30),
        override: rare(host(), 4),
        strayKey: rare(fc.constant(canaries.password), 40),
      })
      .map((c) => {
        const environments: Record<string, unknown> = {};
        for (const name of c.envs) environments[name] = {};
        if (c.override && c.envs[0] && Object.values(c.credentials).every((cred) => (cred as { database?: unknown }).database)) {
          environments[c.envs[0]] = {
            credentials: Object.fromEntries(Object.keys(c.credentials).map((name) => [name, { database: { host: c.override } }])),
          };
        }
        if (c.strayEnv) environments[c.strayEnv] = {};
        const doc: Record<string, unknown> = {
          id: c.id,
          purpose: c.purpose,
          owner: c.owner,
          system: "postgresql",
          sensitivity: "moderate",
          store: c.store,
          credentials: c.credentials,
          consumers: c.consumers.map((k) => ({ ...k, access: "read" })),
          environments,
          lifecycle: { createdOn: "2025-01-10", reviewBy: "2027-12-31", state: "active" },
        };
        if (c.strayKey) doc[c.strayKey] = "x";
        return doc;
      });
  });
}

export function adversarialInventory(canaries: Canaries): fc.Arbitrary<AdversarialCase> {
  return fc
    .record({
      organization: fc.constantFrom("acme", "acme-data", "a"),
      environments: fc.array(environment(canaries), { minLength: 1, maxLength: 3 }),
      email: fc.constantFrom("data@acme.example", '${file("/etc/passwd")}@acme.example', "%{if}@acme.example"),
      ownerName: text(canaries),
    })
    .chain((base) =>
      fc
        .array(
          connector(
            canaries,
            base.environments.map((e) => ({ name: String(e.name), stores: e.stores as string[] })),
            "data-team",
          ),
          { minLength: 1, maxLength: 4 },
        )
        .map((connectors) => ({
          document: {
            version: 1,
            organization: base.organization,
            owners: [{ id: "data-team", name: base.ownerName, email: base.email }],
            environments: base.environments,
            connectors,
          },
          canaries: [canaries.accessKeyId, canaries.password, canaries.accessKeyId.toLowerCase()],
        })),
    );
}
