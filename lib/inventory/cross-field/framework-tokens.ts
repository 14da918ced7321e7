import type { SpecPath } from "../issues";
import type { RuleContext } from "./raw-view";

/*
 * Text is inert (ARCHITECTURE principle 7): no spec string may carry the framework's token
 * encodings, which cdktf would resolve into a reference (a `${TfToken[...]}` in a purpose made a
 * dev stack read the production account's state) or crash on. The encodings are those of cdktf
 * 0.21 (node_modules/cdktf/lib/tokens/private/encoding.js, token.js), mirrored here because
 * lib/inventory never imports cdktf; test/constructs/inert-text.test.ts checks them against real tokens.
 *
 * - string, list and map markers: `${TfToken[KEY]}`, `#{TfToken[KEY]}`, `&{TfToken[KEY]}`
 *   (and AWS CDK's `${Token[`, which forks of the framework still understand);
 * - numbers: a token is a double whose top 16 bits are 0xFDFF (0xFBFF in a number list); cdktf
 *   looks for such numbers written as text inside every string (`-8.48...e+298`);
 * - the map placeholders "String Map Token Value", "Any Map Token Value" and -123456789.
 *
 * `${...}` and `%{...}` in general are allowed: they are escaped where text enters Terraform
 * (lib/constructs/inert-text.ts). The two private-use characters that escaping reserves are refused.
 */

/** cdktf's marker prefixes, and AWS CDK's, which share the resolver's shape. */
const MARKERS: readonly [RegExp, string][] = [
  [/\$\{TfToken\[/, "a cdktf string token marker (${TfToken[...]})"],
  [/#\{TfToken\[/, "a cdktf list token marker (#{TfToken[...]})"],
  [/&\{TfToken\[/, "a cdktf map token marker (&{TfToken[...]})"],
  [/[$#&]\{Token\[/, "a CDK token marker ({Token[...]})"],
];

/** cdktf's NUMBER_TOKEN_REGEX, as is: what the resolver scans every string with. */
const NUMBER_TEXT = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;

/** A character NUMBER_TEXT takes before its `e`: `-`, `|`, a digit, `.`, `+`. */
function beforeExponent(code: number): boolean {
  return code === 45 || code === 124 || (code >= 48 && code <= 57) || code === 46 || code === 43;
}

/** A character NUMBER_TEXT takes after its `e`: those, `e` and `E`. */
function afterExponent(code: number): boolean {
  return beforeExponent(code) || code === 101 || code === 69;
}

/**
 * Whether NUMBER_TEXT finds anything in `text`, in one pass over its `e`s. The pattern is one or
 * more of one class, an `e`, one or more of another, so it matches exactly where an `e` has one of
 * the first class just before it and one of the second just after. The regular expression itself
 * backtracks over every run of digits (account ids, ARNs) for want of an `e`: cdktf's resolver and
 * the library's prepare pass ask this of every string of every stack
 * (test/inventory/cross-field/number-text.property.test.ts holds it to the expression).
 */
export function holdsNumberText(text: string): boolean {
  for (let at = text.indexOf("e", 1); at !== -1 && at + 1 < text.length; at = text.indexOf("e", at + 1)) {
    if (beforeExponent(text.charCodeAt(at - 1)) && afterExponent(text.charCodeAt(at + 1))) return true;
  }
  return false;
}
const MAP_PLACEHOLDERS = new Set(["String Map Token Value", "Any Map Token Value"]);
const NUMBER_MAP_PLACEHOLDER = -123456789;

/** U+E000 and U+E001 stand for `$` and `%` of escaped templates between the plan and the JSON. */
export const RESERVED_CHARACTERS = /[\uE000\uE001]/;

/** Scratch space to read a number's bits (written and read at once, so sharing it is safe). */
const NUMBER_BITS = new DataView(new ArrayBuffer(8));

/**
 * The least magnitude of a token number: both markers are negative doubles with the exponent bits
 * 0x7DF (0xFDFF) or 0x7BF (0xFBFF), so at least 2^960 in size.
 */
const TOKEN_NUMBER_MAGNITUDE = 2 ** 960;

/** Whether a number is one of cdktf's encoded number (or number list) tokens. */
export function isTokenNumber(value: number): boolean {
  // Every number a spec or a plan holds is far smaller: no need to read its bits (NaN is out too).
  if (!(value <= -TOKEN_NUMBER_MAGNITUDE)) return false;
  const view = NUMBER_BITS;
  view.setFloat64(0, value);
  const top = view.getUint16(0);
  return top === 0xfdff || top === 0xfbff;
}

/** What kind of framework token a string carries (never the text itself), or undefined. */
export function frameworkTokenIn(text: string): string | undefined {
  // Every marker holds `Token[`: a text without it is spared the four expressions.
  if (text.includes("Token[")) for (const [pattern, kind] of MARKERS) if (pattern.test(text)) return kind;
  if (MAP_PLACEHOLDERS.has(text)) return "a cdktf map token placeholder";
  if (holdsNumberText(text))
    for (const match of text.matchAll(NUMBER_TEXT)) {
      if (isTokenNumber(parseFloat(match[0]))) return "a cdktf number token written as text";
    }
  if (RESERVED_CHARACTERS.test(text)) return "a reserved private-use character (U+E000 or U+E001)";
  return undefined;
}

/** What kind of framework token a number is, or undefined. */
export function frameworkTokenNumber(value: number): string | undefined {
  if (value === NUMBER_MAP_PLACEHOLDER) return "the cdktf number map token placeholder (-123456789)";
  return isTokenNumber(value) ? "a cdktf number token" : undefined;
}

function message(kind: string, inKey: boolean): string {
  const where = inKey ? "a key of this mapping holds" : "holds";
  return `${where} ${kind}; spec text must never be resolved by the framework: write the text without it`;
}

/** frameworkTokenIn once per distinct text of a walk: an inventory repeats its text (ids, hosts, field names) many times. */
function memoized(): (text: string) => string | undefined {
  // "" for a text without a token: one lookup tells a judged text from a new one.
  const judged = new Map<string, string>();
  return (text) => {
    let kind = judged.get(text);
    if (kind === undefined) {
      kind = frameworkTokenIn(text) ?? "";
      judged.set(text, kind);
    }
    return kind === "" ? undefined : kind;
  };
}

/** Walks the document with one path, extended and shortened along the way; a finding keeps a copy. */
function walk(
  value: unknown,
  path: (string | number)[],
  report: (path: SpecPath, message: string) => void,
  seen: Set<object>,
  tokenIn: (text: string) => string | undefined,
): void {
  if (typeof value === "string") {
    const kind = tokenIn(value);
    if (kind) report([...path], message(kind, false));
    return;
  }
  if (typeof value === "number") {
    const kind = frameworkTokenNumber(value);
    if (kind) report([...path], message(kind, false));
    return;
  }
  if (!value || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) continue;
      path.push(index);
      walk(value[index], path, report, seen, tokenIn);
      path.pop();
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const kind = tokenIn(key);
    // The key itself is not echoed, not even in the path: the finding names the mapping.
    if (kind) report([...path], message(kind, true));
    else {
      path.push(key);
      walk((value as Record<string, unknown>)[key], path, report, seen, tokenIn);
      path.pop();
    }
  }
}

/** Refuses framework token syntax anywhere in the document (values and keys), with its path. */
export function checkFrameworkTokens(ctx: RuleContext): void {
  const tokenIn = memoized();
  // Each distinct text and number once; only a document with a finding is walked with paths.
  const census = ctx.textCensus();
  let found = false;
  for (const text of census.strings.keys())
    if (tokenIn(text)) {
      found = true;
      break;
    }
  if (!found)
    for (const key of census.keys)
      if (tokenIn(key)) {
        found = true;
        break;
      }
  if (!found)
    for (const value of census.numbers)
      if (frameworkTokenNumber(value)) {
        found = true;
        break;
      }
  if (!found) return;
  walk(ctx.root, [], (path, text) => ctx.report(path, "framework-token", text), new Set(), tokenIn);
}
