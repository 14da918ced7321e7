import { MAIN_CREDENTIAL } from "./schema/credential";
import { inventorySchema, type InventoryDocument } from "./schema/inventory";
import { sortIssues, type SpecIssue } from "./issues";
import type { Connector, Inventory } from "./model";
import { crossFieldIssues } from "./cross-field";
import { derivedNameIssues } from "./cross-field/derived-names";
import { rotationEventIssues } from "./cross-field/rotation-events";
import { reminderIssues } from "./cross-field/reminders";
import { structuralCheck } from "./structural-issues";
import type { SourceDocument } from "./yaml-source";

export interface ValidationResult {
  /** True when no issue is an error (warnings allowed). */
  readonly ok: boolean;
  readonly issues: readonly SpecIssue[];
  /** The normalized inventory, present only when ok. */
  readonly inventory?: Inventory;
}

export interface ValidationOptions {
  /**
   * Today (`YYYY-MM-DD`): judges the expiry of exceptions (expired: error; within 30 days:
   * warning). Library code never reads the clock; without it expiry is not judged.
   */
  readonly now?: string;
}

/**
 * Validates a raw document: structure (zod) and cross-field rules, all issues at once, each with
 * its path and, when a source is given, its YAML line.
 */
export function validateDocument(raw: unknown, source?: SourceDocument, options: ValidationOptions = {}): ValidationResult {
  if (raw === undefined || raw === null) {
    return result([
      {
        path: [],
        code: "empty",
        severity: "error",
        message: "the inventory is empty: expected a mapping with version, organization, owners, environments and connectors",
      },
    ]);
  }
  const foreign = notAnInventory(raw);
  if (foreign) {
    const at = source?.lineOf([]);
    return result([at ? { ...foreign, line: at.line, column: at.column } : foreign]);
  }
  const locate = (issues: readonly SpecIssue[]) =>
    issues.map((issue) => {
      const at = source?.lineOf(issue.path, issue.code === "unrecognized-key" || issue.code === "secret-material" ? "key" : "value");
      return at ? { ...issue, line: at.line, column: at.column } : issue;
    });
  const structure = structuralCheck(inventorySchema, raw);
  const unique = dedupe(locate([...structure.issues, ...crossFieldIssues(raw, { now: options.now })]));
  if (unique.some((issue) => issue.severity === "error")) return result(unique);
  // No structural issue: zod's output of that one pass is the document (parsing it again gave the same).
  const inventory = normalize(structure.data ?? inventorySchema.parse(raw));
  // Derived names need a parseable inventory: they run once everything else passed, all at once.
  const all = dedupe([...unique, ...locate(derivedNames(raw, inventory))]);
  if (all.some((issue) => issue.severity === "error")) return result(all);
  return { ok: true, issues: sortIssues(all), inventory };
}

/**
 * Derived-name issues; an inventory the planner cannot plan is left to synth, which reports it as
 * it always did (validation must not turn a planning defect into a crash of `validate`).
 */
function derivedNames(raw: unknown, inventory: Inventory): readonly SpecIssue[] {
  try {
    return [...derivedNameIssues(raw, inventory), ...rotationEventIssues(inventory), ...reminderIssues(inventory)];
  } catch {
    return [];
  }
}

/** The top-level keys of an inventory; a mapping with none of them is some other file. */
const INVENTORY_KEYS = ["version", "organization", "owners", "environments", "connectors"] as const;

/**
 * A mapping that has none of an inventory's keys is another file (`/etc/shadow` reads as a mapping
 * of its lines): one issue says what it is not, and none of its content (keys included) is shown.
 */
function notAnInventory(raw: unknown): SpecIssue | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    const kind = Array.isArray(raw) ? "a list" : typeof raw === "string" ? "text" : `a ${typeof raw}`;
    return {
      path: [],
      code: "not-an-inventory",
      severity: "error",
      message: `this is not an inventory: expected a mapping with ${INVENTORY_KEYS.join(", ")}, got ${kind} (its content is not shown)`,
    };
  }
  const keys = Object.keys(raw);
  if (keys.some((key) => (INVENTORY_KEYS as readonly string[]).includes(key))) return undefined;
  return {
    path: [],
    code: "not-an-inventory",
    severity: "error",
    message:
      `this is not an inventory: none of its ${keys.length} top-level key(s) is ${INVENTORY_KEYS.join(", ")} ` +
      "(its content is not shown; is this the right file?)",
  };
}

function result(issues: SpecIssue[]): ValidationResult {
  return { ok: !issues.some((issue) => issue.severity === "error"), issues: sortIssues(issues) };
}

function dedupe(issues: SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path.join("\u0000")}\u0001${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function normalize(document: InventoryDocument): Inventory {
  const connectors: Connector[] = document.connectors.map(({ credential, credentials, ...rest }) => ({
    ...rest,
    credentials: credential ? { [MAIN_CREDENTIAL]: credential } : { ...(credentials ?? {}) },
  }));
  return deepFreeze({
    version: document.version,
    organization: document.organization,
    owners: document.owners,
    environments: document.environments,
    connectors,
    retirements: document.retirements,
    exceptions: document.exceptions,
    ...(document.orchestrators.length > 0 ? { orchestrators: document.orchestrators } : {}),
    ...(document.notifications ? { notifications: document.notifications } : {}),
    suppressions: document.checks?.suppressions ?? [],
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}
