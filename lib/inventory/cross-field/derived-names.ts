/*
 * Derived names that cannot collide. Every name the library creates joins spec keys (connector,
 * credential, consumer, environment, organization, a spec-given roleName) with `-`, which ids may
 * contain: credentials `main` and `main-x` with consumers `x-y` and `y` both give the database role
 * `<connector>-main-x-y`. Names stay as they are (a new encoding would replace nearly every role);
 * instead this rule takes the identity catalogue (lib/plan/identity-catalogue.ts), every name the
 * library will create with the scope in which the service keeps names apart, and refuses:
 * - two names with one comparison key in one scope (compared as the service compares: IAM role
 *   names and Vault policy names case-insensitively), with the spec paths of both sides;
 * - a name longer than its service allows (Lambda 64, SQS 80, EventBridge 64, S3 63...);
 * - KV v2 custom metadata beyond Vault's limits (64 keys, key 128 bytes, value 512 bytes).
 *
 * It needs a parseable inventory, so validation runs it only once structure and the cross-field
 * rules found no error; it still returns every issue at once.
 *
 * Layering: this rule reads the plan (the one place that derives names), the only import from
 * lib/inventory into lib/plan. Validation has to know the names to refuse their collisions.
 */
import { identityCatalogue, VAULT_CUSTOM_METADATA_LIMITS, type IdentityEntry, type IdentityOrigin } from "../../plan/identity-catalogue";
import { formatPath, type SpecIssue, type SpecPath } from "../issues";
import type { Inventory } from "../model";
import { quoteName } from "./quote-name";
import { asArray, asRecord, asString } from "./raw-view";
import { byText } from "../../shared/text-order";

export { quoteName };

/** Codes of this rule family. */
export const DERIVED_NAME_CODES = {
  collision: "derived-name-collision",
  tooLong: "derived-name-too-long",
  metadata: "vault-custom-metadata-limit",
} as const;

/** Every derived-name issue of a validated inventory (`raw` is the document it came from, for spec paths). */
// long-function: the derived-name checks over one identity catalogue (collisions per scope, service length limits, Vault metadata limits), sharing the catalogue and the spec paths of its origins
export function derivedNameIssues(raw: unknown, inventory: Inventory): SpecIssue[] {
  const paths = new OriginPaths(raw);
  const catalogue = identityCatalogue(inventory);
  const issues: SpecIssue[] = [];
  const report = (path: SpecPath, code: string, message: string) => issues.push({ path, code, message, severity: "error" });

  // Collisions: group by scope and key; entries with distinct owners in one group collide. Nearly
  // every name is alone in its group: a group is one entry until a second one joins it.
  for (const group of sharedNames(catalogue.entries)) {
    const owners = new Map<string, IdentityEntry>();
    for (const entry of group) {
      const owner = entry.shared ?? JSON.stringify([entry.what, entry.origins]);
      if (!owners.has(owner)) owners.set(owner, entry);
    }
    // Reported on the side written later in the inventory, naming the earlier one.
    const distinct = [...owners.values()].sort((a, b) => comparePaths(paths.all(a.origins)[0], paths.all(b.origins)[0]));
    if (distinct.length < 2) continue;
    const [first, ...others] = distinct;
    const firstPaths = paths.all(first.origins);
    for (const other of others) {
      const otherPaths = paths.all(other.origins);
      const sameSpelling = other.name === first.name;
      report(
        otherPaths[0],
        DERIVED_NAME_CODES.collision,
        `gives the ${other.what} ${quoteName(other.name)}${describeAlso(otherPaths)}, which ` +
          `${sameSpelling ? "is also" : "the service reads as the same name as"} the ${first.what}${sameSpelling ? "" : ` ${quoteName(first.name)}`} of ${describe(firstPaths)} ` +
          `(${other.where}); two resources would write one object: change one of these ids so the names differ`,
      );
    }
  }

  // Lengths: the service refuses a longer name at apply time.
  const seenLong = new Set<string>();
  for (const entry of catalogue.entries) {
    if (!entry.max) continue;
    const length = entry.max.unit === "bytes" ? Buffer.byteLength(entry.name, "utf8") : entry.name.length;
    if (length <= entry.max.length || seenLong.has(`${entry.scope}\u0000${entry.key}`)) continue;
    seenLong.add(`${entry.scope}\u0000${entry.key}`);
    const entryPaths = paths.all(entry.origins);
    report(
      entryPaths[0],
      DERIVED_NAME_CODES.tooLong,
      `gives the ${entry.what} ${quoteName(entry.name)} of ${length} ${entry.max.unit}${describeAlso(entryPaths)} (${entry.where}); ` +
        `the service allows at most ${entry.max.length}: shorten these ids by ${length - entry.max.length} ${entry.max.unit} or more`,
    );
  }

  // KV v2 custom metadata: what the library writes beside each Vault credential.
  const limits = VAULT_CUSTOM_METADATA_LIMITS;
  for (const { connector, credential, environment, metadata } of catalogue.customMetadata) {
    const credentialPath = () => paths.of({ kind: "credential", connector, credential });
    const keys = Object.keys(metadata);
    if (keys.length > limits.keys) {
      report(
        credentialPath(),
        DERIVED_NAME_CODES.metadata,
        `writes ${keys.length} custom metadata keys in environment ${environment}; Vault's KV v2 allows at most ${limits.keys}`,
      );
    }
    for (const key of keys) {
      const keyBytes = bytesOver(key, limits.keyBytes);
      if (keyBytes !== undefined) {
        report(
          credentialPath(),
          DERIVED_NAME_CODES.metadata,
          `writes a custom metadata key of ${keyBytes} bytes in environment ${environment}; Vault's KV v2 allows at most ${limits.keyBytes}`,
        );
      }
      const valueBytes = bytesOver(metadata[key], limits.valueBytes);
      if (valueBytes !== undefined) {
        report(
          paths.metadataSource(connector, credential, key),
          DERIVED_NAME_CODES.metadata,
          `is ${valueBytes} bytes; it is written to Vault as the custom metadata ${quoteName(key)} of the credential (environment ${environment}), ` +
            `and Vault's KV v2 allows at most ${limits.valueBytes} bytes per value: shorten it`,
        );
      }
    }
  }
  return dedupe(issues);
}

/**
 * Entries that share one key in one scope, group by group in the order each group's first entry
 * comes in the catalogue (entries in catalogue order inside a group).
 */
export function sharedNames(entries: readonly IdentityEntry[]): IdentityEntry[][] {
  // Per scope, per key: the position of the key's only entry, or the group once it has two.
  const scopes = new Map<string, Map<string, number | Group>>();
  const shared: Group[] = [];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    let keys = scopes.get(entry.scope);
    if (!keys) {
      keys = new Map();
      scopes.set(entry.scope, keys);
    }
    const known = keys.get(entry.key);
    if (known === undefined) keys.set(entry.key, index);
    else if (typeof known === "number") {
      const group = new Group(known, [entries[known], entry]);
      keys.set(entry.key, group);
      shared.push(group);
    } else known.entries.push(entry);
  }
  return shared.sort((a, b) => a.first - b.first).map((group) => group.entries);
}

class Group {
  constructor(
    readonly first: number,
    readonly entries: IdentityEntry[],
  ) {}
}

/**
 * A text's UTF-8 length when it is more than `limit` bytes, else undefined. A UTF-16 code unit is
 * at most 3 bytes, so a text of at most limit / 3 units is within the limit without counting.
 */
export function bytesOver(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) return undefined;
  const bytes = Buffer.byteLength(text, "utf8");
  return bytes > limit ? bytes : undefined;
}

function comparePaths(a: SpecPath, b: SpecPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    const order = typeof x === "number" && typeof y === "number" ? x - y : byText(String(x), String(y));
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function describe(paths: readonly SpecPath[]): string {
  return paths.length === 1 ? formatPath(paths[0]) : `${formatPath(paths[0])} (with ${paths.slice(1).map(formatPath).join(" and ")})`;
}

function describeAlso(paths: readonly SpecPath[]): string {
  return paths.length > 1 ? ` (with ${paths.slice(1).map(formatPath).join(" and ")})` : "";
}

function dedupe(issues: SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${formatPath(issue.path)}\u0001${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Spec paths of catalogue origins, read from the raw document (list positions as the person wrote them). */
class OriginPaths {
  private readonly environments: Map<string, number>;
  private readonly accounts: Map<string, number>;
  private readonly connectors: Map<string, { index: number; value: Record<string, unknown> }>;
  private readonly orchestrators: Map<string, number>;

  constructor(raw: unknown) {
    const root = asRecord(raw) ?? {};
    this.environments = new Map();
    this.accounts = new Map();
    asArray(root.environments).forEach((env, index) => {
      const record = asRecord(env);
      const name = asString(record?.name);
      if (name !== undefined && !this.environments.has(name)) this.environments.set(name, index);
      const account = asString(asRecord(record?.aws)?.accountId);
      if (account !== undefined && !this.accounts.has(account)) this.accounts.set(account, index);
    });
    this.connectors = new Map();
    asArray(root.connectors).forEach((connector, index) => {
      const record = asRecord(connector);
      const id = asString(record?.id);
      if (record && id !== undefined && !this.connectors.has(id)) this.connectors.set(id, { index, value: record });
    });
    this.orchestrators = new Map();
    asArray(root.orchestrators).forEach((orchestrator, index) => {
      const id = asString(asRecord(orchestrator)?.id);
      if (id !== undefined && !this.orchestrators.has(id)) this.orchestrators.set(id, index);
    });
  }

  all(origins: readonly IdentityOrigin[]): SpecPath[] {
    const out: SpecPath[] = [];
    for (const origin of origins) {
      const path = this.of(origin);
      if (!out.some((p) => formatPath(p) === formatPath(path))) out.push(path);
    }
    return out.length > 0 ? out : [[]];
  }

  of(origin: IdentityOrigin): SpecPath {
    switch (origin.kind) {
      case "organization":
        return ["organization"];
      case "environment": {
        const index = this.environments.get(origin.environment);
        return index === undefined ? ["environments"] : ["environments", index, ...(origin.field ?? ["name"])];
      }
      case "account": {
        const index = this.accounts.get(origin.accountId);
        return index === undefined ? ["environments"] : ["environments", index, "aws", "accountId"];
      }
      case "cluster":
        return ["environments"];
      case "connector": {
        const connector = this.connectors.get(origin.connector);
        return connector ? ["connectors", connector.index, ...(origin.field ?? ["id"])] : ["connectors"];
      }
      case "credential":
        return [...this.credentialPath(origin.connector, origin.credential), ...(origin.field ?? [])];
      case "orchestrator": {
        const index = this.orchestrators.get(origin.orchestrator);
        return index === undefined ? ["orchestrators"] : ["orchestrators", index, ...(origin.field ?? ["id"])];
      }
      case "consumer": {
        const connector = this.connectors.get(origin.connector);
        if (!connector) return ["connectors"];
        const index = asArray(connector.value.consumers).findIndex((c) => asString(asRecord(c)?.id) === origin.consumer);
        return index < 0
          ? ["connectors", connector.index, "consumers"]
          : ["connectors", connector.index, "consumers", index, ...(origin.field ?? ["id"])];
      }
    }
  }

  /** The spec field a custom metadata value comes from (purpose, owner...), else the credential. */
  metadataSource(connectorId: string, credential: string, key: string): SpecPath {
    const connector = this.connectors.get(connectorId);
    if (connector && key in connector.value && typeof connector.value[key] === "string") return ["connectors", connector.index, key];
    return this.credentialPath(connectorId, credential);
  }

  private credentialPath(connectorId: string, credential: string): SpecPath {
    const connector = this.connectors.get(connectorId);
    if (!connector) return ["connectors"];
    const named = asRecord(connector.value.credentials);
    if (named && credential in named) return ["connectors", connector.index, "credentials", credential];
    return ["connectors", connector.index, "credential"];
  }
}
