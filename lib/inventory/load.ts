import { readFileSync, statSync } from "node:fs";
import { InventoryError, type SpecIssue } from "./issues";
import type { Inventory } from "./model";
import { validateDocument, type ValidationOptions, type ValidationResult } from "./validate";
import { parseYamlSource } from "./yaml-source";

/** An inventory of thousands of connectors is well under this; anything larger is a mistake. */
export const MAX_INVENTORY_BYTES = 4 * 1024 * 1024;

/** Validates inventory text (YAML, or JSON, which is YAML too). */
export function validateInventoryText(text: string, options: ValidationOptions = {}): ValidationResult {
  const source = parseYamlSource(text);
  if (source.parseIssues.length > 0) return { ok: false, issues: source.parseIssues };
  return validateDocument(source.value, source, options);
}

/** Reads and validates an inventory file; never throws for a bad file, reports it as an issue. */
export function validateInventoryFile(file: string, options: ValidationOptions = {}): ValidationResult {
  const failure = (message: string, code: string): ValidationResult => ({
    ok: false,
    issues: [{ path: [], code, severity: "error", message } satisfies SpecIssue],
  });
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return failure(`${file} is not a file`, "not-a-file");
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR"
      ? failure(`cannot read ${file}: no such file`, "missing-file")
      : failure(`cannot read ${file}: ${code ?? "read error"}`, "unreadable");
  }
  if (size > MAX_INVENTORY_BYTES) {
    return failure(
      `${file} is ${(size / 1024 / 1024).toFixed(1)} MiB; an inventory may be at most ${MAX_INVENTORY_BYTES / 1024 / 1024} MiB (thousands of connectors fit in far less): is this the right file?`,
      "too-large",
    );
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return failure(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "read error"}`, "unreadable");
  }
  if (text.trim() === "") {
    return failure(`${file} is empty: expected a mapping with version, organization, owners, environments and connectors`, "empty");
  }
  return validateInventoryText(text, options);
}

/** Loads an inventory file, or throws an InventoryError that lists every issue. */
export function loadInventory(file: string): Inventory {
  const outcome = validateInventoryFile(file);
  if (!outcome.ok || !outcome.inventory) throw new InventoryError(outcome.issues, file);
  return outcome.inventory;
}
