import { validateDocument } from "../../lib/inventory/validate";
import type { Inventory } from "../../lib/inventory/model";
import { fixtureDocument } from "../support/inventories";

/** Text Terraform would evaluate if it reached a stack unescaped: a file read and a directive. */
export const HOSTILE = ' ${file("/etc/passwd")} %{ if true }x%{ endif }';

export interface HostileFixture {
  readonly inventory: Inventory;
  /** Paths (`.connectors[0].purpose`) of every string field that now ends with HOSTILE. */
  readonly fields: readonly string[];
  readonly document: Record<string, any>;
}

/**
 * A fixture with HOSTILE appended to every string field that validation accepts it in (purposes,
 * descriptions, owner names, database hosts and names, SQL statements, JWT subject and audience,
 * SSH principals, GCP project and roles, approval group, IAM allow resources, ...). Fields that
 * validation refuses it in keep their text; which ones depends on the validation of the day.
 */
export function hostileFixture(name: "acme.yaml" | "realworld.yaml"): HostileFixture {
  const document = fixtureDocument(name);
  const fields: string[] = [];
  const tryField = (owner: any, key: string | number, path: string) => {
    const before = owner[key];
    owner[key] = before + HOSTILE;
    // A valid document is frozen in part by validation: validate a copy.
    if (validateDocument(structuredClone(document)).ok) fields.push(path);
    else owner[key] = before;
  };
  const walk = (value: any, path: string) => {
    if (Array.isArray(value))
      value.forEach((item, i) => (typeof item === "string" ? tryField(value, i, `${path}[${i}]`) : walk(item, `${path}[${i}]`)));
    else if (value && typeof value === "object") {
      for (const key of Object.keys(value)) {
        if (typeof value[key] === "string") tryField(value, key, `${path}.${key}`);
        else walk(value[key], `${path}.${key}`);
      }
    }
  };
  walk(document, "");
  const result = validateDocument(structuredClone(document));
  if (!result.inventory) throw new Error("the hostile fixture does not validate");
  return { inventory: result.inventory, fields, document };
}

/**
 * A Terraform (JSON syntax) string read the way HCL's template scanner reads it: `$${` and `%%{`
 * are escapes for `${` and `%{`; any other `${` or `%{` opens a live template. Written apart from
 * the library's check so that the tests do not grade the library with its own code.
 */
export function readTemplate(text: string): { literal: string; live: number } {
  let literal = "";
  let live = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === "$" || c === "%") && text.startsWith(`${c}${c}{`, i)) {
      literal += `${c}{`;
      i += 2;
    } else if ((c === "$" || c === "%") && text[i + 1] === "{") {
      live++;
      literal += `${c}{`;
      i += 1;
    } else {
      literal += c;
    }
  }
  return { literal, live };
}

/** Every string of a JSON value (keys included). */
export function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      allStrings(v, out);
    }
  }
  return out;
}
