import fc from "fast-check";
import type { Doc } from "./base-inventory";

/*
 * Canary strings for "nothing the inventory says leaks into a message". They are built here, not
 * with the library's display rules: each is plainly not an id (a short lower-case slug) or looks
 * generated, so none may ever be echoed.
 */
const alnum = (chars: string, min: number, max: number) => fc.string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: max });
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";

export const canary: fc.Arbitrary<string> = fc.oneof(
  // a generated password or key: mixed case and digits
  alnum(LOWER + LOWER.toUpperCase() + DIGITS, 6, 20).map((body) => `Qz7${body}`),
  // lower-case but generated: letters and digits interleaved
  fc
    .array(fc.tuple(fc.constantFrom(...LOWER), fc.constantFrom(...DIGITS)), { minLength: 3, maxLength: 10 })
    .map((pairs) => `k${pairs.map(([l, d]) => l + d).join("")}`),
  // a long lower-case run, as a hex or base32 key looks
  alnum(LOWER + DIGITS, 24, 40).map((body) => `z${body}`),
  // arbitrary text that is no slug (a marker character it cannot have)
  fc.string({ minLength: 6, maxLength: 30 }).map((body) => `~${body}~`),
  // the shapes of the issue: a URL with a login, a SQL password, a user:pass login
  alnum(LOWER + DIGITS, 6, 12).map((body) => `db.prod.internal:5432/orders?password=${body}#`),
  alnum(LOWER + DIGITS, 6, 12).map((body) => `admin:${body}`),
);

/** Where a canary can be put: keys, values and references of the base inventory. */
export const PLACEMENTS: Record<string, (doc: Doc, c: string) => void> = {
  "a top-level key": (d, c) => void (d[c] = 1),
  "a key of a credential": (d, c) => void (d.connectors[0].credential[c] = "x"),
  "a key of a database": (d, c) => void (d.connectors[0].credential.database[c] = "x"),
  "an environment key of a connector": (d, c) => void (d.connectors[0].environments[c] = {}),
  "an override field": (d, c) => void (d.connectors[1].environments.dev[c] = 1),
  "a credential name": (d, c) => {
    d.connectors[0].credentials = { [c]: d.connectors[0].credential };
    delete d.connectors[0].credential;
  },
  "a credential name in an override": (d, c) =>
    void (d.connectors[1].environments.dev = { credentials: { [c]: { rotation: { days: 7 } } } }),
  "an action key of allow": (d, c) => {
    d.connectors[0].credentials = {
      main: d.connectors[0].credential,
      role: { type: "cloud-role", provider: "aws", allow: { [c]: ["arn:aws:s3:::acme-landing/*"] } },
    };
    delete d.connectors[0].credential;
  },
  "an owner reference": (d, c) => void (d.connectors[0].owner = c),
  "a master reference": (d, c) => Object.assign(d.connectors[1].credential, { strategy: "alternating-users", master: c }),
  "a credential reference": (d, c) => void (d.connectors[0].consumers[0].credentials = [c]),
  "a cluster reference": (d, c) =>
    void (d.connectors[0].consumers[0].auth = { method: "kubernetes", serviceAccount: "orders", namespace: "ingest", cluster: c }),
  "an environment name": (d, c) => void (d.environments[0].name = c),
  "two environment names": (d, c) => {
    d.environments[0].name = c;
    d.environments[1].name = c;
  },
  "a connector id": (d, c) => void (d.connectors[0].id = c),
  "two connector ids": (d, c) => {
    d.connectors[0].id = c;
    d.connectors[1].id = c;
  },
  "an owner id": (d, c) => void (d.owners[0].id = c),
  "a consumer id shared with other auth": (d, c) => {
    d.connectors[0].consumers[0].id = c;
    d.connectors[1].consumers[0].id = c;
  },
  "a sensitivity": (d, c) => void (d.connectors[0].sensitivity = c),
  "a store": (d, c) => void (d.connectors[0].store = c),
  "a system": (d, c) => void (d.connectors[0].system = c),
  "a tier": (d, c) => void (d.environments[0].tier = c),
  "an edition": (d, c) => void (d.environments[0].vault.edition = c),
  "a namespace": (d, c) => void (d.environments[1].vault.namespace = c),
  "a mount prefix": (d, c) => void (d.environments[0].vault.mountPrefix = c),
  "an auth method": (d, c) => void (d.connectors[0].consumers[0].auth.method = c),
  "a role ARN": (d, c) => void (d.connectors[1].consumers[0].auth = { method: "aws-iam", roleArn: c }),
  "a role name": (d, c) => void (d.connectors[1].consumers[0].auth.roleName = c),
  "a trusted account": (d, c) => void (d.connectors[1].consumers[0].auth = { method: "aws-iam", trustedAccount: c }),
  "a database host": (d, c) => void (d.connectors[0].credential.database.host = c),
  "a database host in an override": (d, c) => void (d.connectors[1].environments.dev = { database: { host: c } }),
  "a database name": (d, c) => void (d.connectors[0].credential.database.name = c),
  "a username": (d, c) => void (d.connectors[0].credential.database.username = c),
  "a SQL statement": (d, c) =>
    void (d.connectors[0].credential.statements = { creation: [`CREATE ROLE x PASSWORD '${c}'`], revocation: [c] }),
  "a lease maximum": (d, c) => void (d.connectors[0].consumers[0].lease = { max: c, reason: "a long-running backfill" }),
  "a review date": (d, c) => void (d.connectors[0].lifecycle.reviewBy = c),
  "a TTL": (d, c) => void (d.connectors[0].credential.ttl = { default: c, max: "1h" }),
  "a rotation day count as text": (d, c) => void (d.connectors[1].credential.rotation.days = c),
  "an organization": (d, c) => void (d.organization = c),
  "a version": (d, c) => void (d.version = c),
  "an email": (d, c) => void (d.owners[0].email = c),
};
