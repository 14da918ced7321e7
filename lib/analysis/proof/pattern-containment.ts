/*
 * Symbolic containment of path patterns: does every string one pattern matches also match another?
 * Decided on the patterns themselves, never by enumerating known paths, so that a glob reaching
 * tomorrow's connector (`kv/data/connectors/orders*` reaches `orders-archive`) is caught today.
 *
 * Both dialects compile to one token language:
 * - Vault: `*` as the last character matches any rest; a `+` segment matches one segment (no `/`).
 * - IAM: `*` matches any run of characters, `?` exactly one.
 * `contains(outer, inner)` is sound: true only when L(inner) is a subset of L(outer). On a few
 * exotic shapes it may answer false for a contained pattern, which the proof reports (fail-safe).
 */

export type Token = { readonly t: "lit"; readonly c: string } | { readonly t: "one" } | { readonly t: "seg" } | { readonly t: "any" };

export type Pattern = readonly Token[];

const ANY: Token = { t: "any" };
const ONE: Token = { t: "one" };
const SEG: Token = { t: "seg" };

function literal(text: string): Token[] {
  return [...text].map((c) => ({ t: "lit", c }) as const);
}

/** A Vault policy path as Vault matches it (`+` only as a whole segment is a wildcard). */
export function vaultPattern(path: string): Pattern {
  const isPrefix = path.endsWith("*");
  const body = isPrefix ? path.slice(0, -1) : path;
  const tokens: Token[] = [];
  body.split("/").forEach((segment, index) => {
    if (index > 0) tokens.push({ t: "lit", c: "/" });
    if (segment === "+" && path.includes("+")) tokens.push(SEG);
    else tokens.push(...literal(segment));
  });
  if (isPrefix) tokens.push(ANY);
  return tokens;
}

/** An IAM resource (or action) pattern: `*` any run, `?` one character. */
export function iamPattern(value: string): Pattern {
  return [...value].map((c) => (c === "*" ? ANY : c === "?" ? ONE : ({ t: "lit", c } as const)));
}

/** An exact string as a pattern. */
export function exactPattern(value: string): Pattern {
  return literal(value);
}

export function hasWildcard(pattern: Pattern): boolean {
  return pattern.some((token) => token.t !== "lit");
}

/** Whether every string `inner` matches is matched by `outer`. */
export function contains(outer: Pattern, inner: Pattern): boolean {
  const memo = new Map<number, boolean>();
  const width = inner.length + 1;
  const sub = (o: number, i: number): boolean => {
    const key = o * width + i;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (i === inner.length) {
      result = outer.slice(o).every((token) => token.t === "any" || token.t === "seg");
    } else if (o === outer.length) {
      result = false;
    } else {
      const u = outer[o];
      const t = inner[i];
      switch (u.t) {
        case "any":
          // `any` matches nothing more, or absorbs whatever the inner token stands for.
          result = sub(o + 1, i) || sub(o, i + 1);
          break;
        case "seg":
          result = sub(o + 1, i) || ((t.t === "seg" || (t.t === "lit" && t.c !== "/")) && sub(o, i + 1));
          break;
        case "one":
          result = (t.t === "lit" || t.t === "one") && sub(o + 1, i + 1);
          break;
        default:
          result = t.t === "lit" && t.c === u.c && sub(o + 1, i + 1);
      }
    }
    memo.set(key, result);
    return result;
  };
  return sub(0, 0);
}

/** Whether `inner` stays inside the union of `outers` (one of them must contain it whole). */
export function containedInAny(outers: readonly Pattern[], inner: Pattern): boolean {
  return outers.some((outer) => contains(outer, inner));
}
