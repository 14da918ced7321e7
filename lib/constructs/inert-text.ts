import { frameworkTokenIn, frameworkTokenNumber } from "../inventory/cross-field/framework-tokens";

/*
 * The one boundary through which inventory text enters Terraform (ARCHITECTURE principle 7).
 *
 * Every string of a plan (values and keys) is made inert before any construct sees it: the `$` of
 * `${` and the `%` of `%{` become the private-use characters U+E000 and U+E001. Constructs build
 * attributes, policy JSON, Vault HCL, SQL, tags and dashboard bodies from that text as before;
 * cdktf never sees a `${` of spec text, so it neither resolves a `${TfToken[...]}` written in a
 * purpose nor reads spec text as its own `${...}` escape (which would strip the braces of the
 * library's references that follow it in the same string). When a stack writes its JSON
 * (EtlStack), `terraformEscaped` turns the two characters into Terraform's escapes, `$${` and
 * `%%{`, so Terraform reads back exactly the spec text. The library's own references (cdktf
 * tokens) stay live; its own literal `${...}` (IAM policy variables) is escaped where it is
 * written (aws/terraform-text.ts) and is never touched twice.
 *
 * The characters keep the text's length, so a length limit or a `slice` computed on the plan means
 * the same in Terraform (a `$` cut off from its `{` is written back as a plain `$`).
 */
const INERT_DOLLAR = "\uE000";
const INERT_PERCENT = "\uE001";

/** A plan that carries framework token syntax or a reserved character: validation refuses both first. */
export class InertTextError extends Error {
  constructor(
    readonly planPath: string,
    kind: string,
  ) {
    super(`plan text at ${planPath} holds ${kind}; spec text must never be resolved by the framework (validation refuses it)`);
    this.name = "InertTextError";
  }
}

/** Spec text in its inert form: no template opening, no token marker cdktf would resolve. */
export function inertText(text: string, planPath = "(text)"): string {
  const kind = frameworkTokenIn(text);
  if (kind) throw new InertTextError(planPath, kind);
  return text.replace(/\$\{/g, `${INERT_DOLLAR}{`).replace(/%\{/g, `${INERT_PERCENT}{`);
}

/**
 * A deep copy of a plan with every string and key inert. Shared sub-objects stay shared, so
 * constructs that compare plan objects by identity see the same structure. Throws on anything
 * that is not plain data, and on framework token syntax (naming the plan path, never the text).
 */
export function inertPlan<T>(plan: T): T {
  return copy(plan, { step: "plan" }, new Map(), new Map()) as T;
}

/**
 * Where a value sits in the plan, rendered (`plan.connectors[3].purpose`) only when an error
 * names it: a plan of 1,000 connectors has half a million strings and keys, and building each
 * one's path text cost more than making it inert.
 */
interface PlanPath {
  readonly up?: PlanPath;
  /** `plan` at the root; else a key of an object, or an index of an array. */
  readonly step: string | number;
}

function pathText(at: PlanPath): string {
  if (!at.up) return String(at.step);
  const parent = pathText(at.up);
  return typeof at.step === "number" ? `${parent}[${at.step}]` : `${parent}.${/^[\w-]{1,64}$/.test(at.step) ? at.step : "<key>"}`;
}

/**
 * Spec text in its inert form, once per distinct text of a plan (plans repeat their ids, names
 * and hosts many times); a refused text is never remembered, so each place of it is named.
 */
function inertOnce(text: string, where: () => string, known: Map<string, string>): string {
  const done = known.get(text);
  if (done !== undefined) return done;
  const kind = frameworkTokenIn(text);
  if (kind) throw new InertTextError(where(), kind);
  const inert = text.replace(/\$\{/g, `${INERT_DOLLAR}{`).replace(/%\{/g, `${INERT_PERCENT}{`);
  known.set(text, inert);
  return inert;
}

function copy(value: unknown, at: PlanPath, done: Map<object, unknown>, texts: Map<string, string>): unknown {
  if (typeof value === "string") return inertOnce(value, () => pathText(at), texts);
  if (typeof value === "number") {
    const kind = frameworkTokenNumber(value);
    if (kind) throw new InertTextError(pathText(at), kind);
    return value;
  }
  if (value === null || typeof value !== "object") {
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      throw new InertTextError(pathText(at), `a ${typeof value}, which is not plain data`);
    }
    return value;
  }
  const known = done.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    done.set(value, out);
    value.forEach((item, index) => out.push(copy(item, { up: at, step: index }, done, texts)));
    return out;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new InertTextError(pathText(at), "an object that is not plain data (plans are plain data)");
  }
  const out: Record<string, unknown> = {};
  done.set(value, out);
  for (const [key, child] of Object.entries(value)) {
    out[inertOnce(key, () => `a key of ${pathText(at)}`, texts)] = copy(child, { up: at, step: key }, done, texts);
  }
  return out;
}

/** Inert text written for Terraform: `$${` and `%%{` escapes; a lone character is its plain `$` or `%`. */
export function terraformEscapedText(text: string): string {
  if (!text.includes(INERT_DOLLAR) && !text.includes(INERT_PERCENT)) return text;
  return text.replace(/[\uE000\uE001]\{?/g, (found) => {
    const sign = found[0] === INERT_DOLLAR ? "$" : "%";
    return found.length === 2 ? `${sign}${sign}{` : sign;
  });
}

/**
 * A stack's resolved Terraform JSON with every inert string (and key) written as Terraform escapes.
 * Copy on write: an array or plain object holding no inert text is returned as it is (a stack's
 * JSON is mostly such text, and copying all of it doubled the memory it takes); the input is
 * never changed.
 */
export function terraformEscaped<T>(json: T): T {
  return escapeDeep(json) as T;
}

function escapeDeep(value: unknown): unknown {
  if (typeof value === "string") return terraformEscapedText(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const escaped = escapeDeep(item);
      if (!out && escaped !== item) out = value.slice(0, index);
      out?.push(escaped);
    }
    return out ?? value;
  }
  if (value && typeof value === "object") {
    const prototype = Object.getPrototypeOf(value);
    // Anything but a plain object is copied into one, as it always was.
    let out: Record<string, unknown> | undefined = prototype === Object.prototype || prototype === null ? undefined : {};
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index];
      const child = object[key];
      const escapedKey = terraformEscapedText(key);
      const escaped = escapeDeep(child);
      if (!out && (escapedKey !== key || escaped !== child)) {
        out = {};
        for (let before = 0; before < index; before++) out[keys[before]] = object[keys[before]];
      }
      if (out) out[escapedKey] = escaped;
    }
    return out ?? value;
  }
  return value;
}
