import type { IssueSeverity, SpecIssue, SpecPath } from "../issues";
import { shownList } from "../display";
import { MAIN_CREDENTIAL } from "../schema/credential";
import { takeTextCensus, type TextCensus } from "./text-census";

/*
 * Cross-field rules run on the raw document, not on the parse result, so they still report when
 * other parts are invalid (a bad auth method must not hide an unknown owner). Every accessor
 * tolerates any shape and answers undefined for what is not there.
 */
export type RawRecord = Record<string, unknown>;

export function asRecord(value: unknown): RawRecord | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as RawRecord) : undefined;
}
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export interface RawCredential {
  readonly name: string;
  readonly value: RawRecord;
  readonly path: SpecPath;
  readonly type: string | undefined;
}

export interface RawConnector {
  readonly index: number;
  readonly value: RawRecord;
  readonly path: SpecPath;
  readonly id: string | undefined;
  readonly store: string | undefined;
  readonly sensitivity: string | undefined;
  readonly credentials: readonly RawCredential[];
  readonly consumers: readonly { index: number; value: RawRecord; path: SpecPath }[];
  /** Environment names the connector lists (including unknown ones). */
  readonly environmentNames: readonly string[];
}

export interface RawEnvironment {
  readonly index: number;
  readonly value: RawRecord;
  readonly path: SpecPath;
  readonly name: string | undefined;
  readonly production: boolean;
  readonly stores: readonly string[];
  readonly vault: RawRecord | undefined;
  readonly aws: RawRecord | undefined;
}

/** The whole document as rules see it, with the reporting channel. */
export class RuleContext {
  readonly root: RawRecord;
  readonly environments: readonly RawEnvironment[];
  readonly connectors: readonly RawConnector[];
  readonly ownerIds: ReadonlySet<string>;
  private readonly found: SpecIssue[] = [];
  private byName?: Map<string, RawEnvironment>;
  private byId?: Map<string, RawConnector>;
  private readonly environmentsByConnector = new Map<RawConnector, readonly RawEnvironment[]>();
  private census?: TextCensus;

  constructor(raw: unknown) {
    this.root = asRecord(raw) ?? {};
    this.environments = asArray(this.root.environments).flatMap((value, index) => {
      const env = asRecord(value);
      if (!env) return [];
      return [
        {
          index,
          value: env,
          path: ["environments", index],
          name: asString(env.name),
          production: env.tier === "production",
          stores: asArray(env.stores).filter((s): s is string => typeof s === "string"),
          vault: asRecord(env.vault),
          aws: asRecord(env.aws),
        },
      ];
    });
    this.connectors = asArray(this.root.connectors).flatMap((value, index) => {
      const connector = asRecord(value);
      if (!connector) return [];
      const path = ["connectors", index];
      return [
        {
          index,
          value: connector,
          path,
          id: asString(connector.id),
          store: asString(connector.store),
          sensitivity: asString(connector.sensitivity),
          credentials: rawCredentials(connector, path),
          consumers: asArray(connector.consumers).flatMap((consumer, consumerIndex) => {
            const record = asRecord(consumer);
            return record ? [{ index: consumerIndex, value: record, path: [...path, "consumers", consumerIndex] }] : [];
          }),
          environmentNames: Object.keys(asRecord(connector.environments) ?? {}),
        },
      ];
    });
    this.ownerIds = new Set(
      asArray(this.root.owners)
        .map((owner) => asString(asRecord(owner)?.id))
        .filter((id): id is string => id !== undefined),
    );
  }

  environment(name: string): RawEnvironment | undefined {
    if (!this.byName) {
      // The first environment of each name, as a search from the start finds it.
      this.byName = new Map();
      for (const env of this.environments) if (env.name !== undefined && !this.byName.has(env.name)) this.byName.set(env.name, env);
    }
    return this.byName.get(name);
  }

  connector(id: string): RawConnector | undefined {
    if (!this.byId) {
      // The first connector of each id, as a search from the start finds it.
      this.byId = new Map();
      for (const connector of this.connectors)
        if (connector.id !== undefined && !this.byId.has(connector.id)) this.byId.set(connector.id, connector);
    }
    return this.byId.get(id);
  }

  /** The known environments a connector lives in (asked by many rules: found once per connector). */
  environmentsOf(connector: RawConnector): readonly RawEnvironment[] {
    let found = this.environmentsByConnector.get(connector);
    if (!found) {
      found = connector.environmentNames.flatMap((name) => {
        const env = this.environment(name);
        return env ? [env] : [];
      });
      this.environmentsByConnector.set(connector, found);
    }
    return found;
  }

  /** Every distinct text of the document, taken once for all the rules that read all text. */
  textCensus(): TextCensus {
    return (this.census ??= takeTextCensus(this.root));
  }

  report(path: SpecPath, code: string, message: string, severity: IssueSeverity = "error"): void {
    this.found.push({ path, code, message, severity });
  }

  get issues(): readonly SpecIssue[] {
    return this.found;
  }
}

function rawCredentials(connector: RawRecord, path: SpecPath): RawCredential[] {
  const list: RawCredential[] = [];
  const shorthand = asRecord(connector.credential);
  if (shorthand) {
    list.push({ name: MAIN_CREDENTIAL, value: shorthand, path: [...path, "credential"], type: asString(shorthand.type) });
  }
  for (const [name, value] of Object.entries(asRecord(connector.credentials) ?? {})) {
    const credential = asRecord(value);
    if (credential) list.push({ name, value: credential, path: [...path, "credentials", name], type: asString(credential.type) });
  }
  return list;
}

/** A list of inventory texts for a message: each shown when it is an id, else redacted. */
export function list(values: Iterable<string | undefined>): string {
  return shownList(values);
}
