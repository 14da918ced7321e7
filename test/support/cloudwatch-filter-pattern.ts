/*
 * A test oracle for CloudWatch Logs JSON filter patterns: an independent parser and evaluator of the
 * subset the library emits, so generated metric filter patterns can be checked against real log lines
 * without AWS (moto stores metric filters but never evaluates a JSON pattern).
 *
 * Written from the AWS documentation, not from the library's generators:
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html
 *
 * Grammar (JSON patterns only; a pattern that is not `{ ... }` is refused):
 *   pattern    := "{" or "}"
 *   or         := and ( "||" and )*          (&& binds tighter than ||, as in the docs' examples)
 *   and        := unary ( "&&" unary )*
 *   unary      := "(" or ")" | condition
 *   condition  := selector op value | selector "IS" ("NULL"|"TRUE"|"FALSE") | selector "NOT" "EXISTS"
 *   selector   := "$" ( "." name | "[" digits "]" )*
 *   op         := "=" | "!=" | "<" | ">" | "<=" | ">="
 *   value      := quoted string | bare token (number, or text such as 123.123.*) | "*"
 * Wildcards: `*` in a string value matches any run of characters (including none).
 *
 * Where the docs are silent the oracle takes the reading that makes alarms fire LESS, so a generator
 * that relies on it fails its tests instead of passing on luck:
 *   - `!=` on a field that is absent (or not a scalar) does NOT match;
 *   - `=`/`!=` compare strings only with string fields, numbers only with number fields;
 *   - a log event that is not a JSON object never matches.
 */

export type Condition =
  | { readonly kind: "compare"; readonly selector: readonly (string | number)[]; readonly op: Op; readonly value: Value }
  | { readonly kind: "is"; readonly selector: readonly (string | number)[]; readonly what: "NULL" | "TRUE" | "FALSE" }
  | { readonly kind: "not-exists"; readonly selector: readonly (string | number)[] };

export type Expr =
  { readonly kind: "and"; readonly items: readonly Expr[] } | { readonly kind: "or"; readonly items: readonly Expr[] } | Condition;

export type Op = "=" | "!=" | "<" | ">" | "<=" | ">=";
export type Value =
  | { readonly kind: "string"; readonly text: string; readonly quoted: boolean }
  | { readonly kind: "number"; readonly n: number }
  | { readonly kind: "any" };

export class FilterPatternSyntaxError extends Error {}

type Token =
  | { t: "{" | "}" | "(" | ")" | "&&" | "||" }
  | { t: "op"; op: Op }
  | { t: "selector"; path: (string | number)[] }
  | { t: "word"; text: string }
  | { t: "quoted"; text: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "{" || c === "}" || c === "(" || c === ")") {
      out.push({ t: c });
      i++;
      continue;
    }
    if (src.startsWith("&&", i) || src.startsWith("||", i)) {
      out.push({ t: src.slice(i, i + 2) as "&&" | "||" });
      i += 2;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === "!=" || two === "<=" || two === ">=") {
      out.push({ t: "op", op: two });
      i += 2;
      continue;
    }
    if (c === "=" || c === "<" || c === ">") {
      out.push({ t: "op", op: c });
      i++;
      continue;
    }
    if (c === '"') {
      let text = "";
      i++;
      for (;;) {
        if (i >= src.length) throw new FilterPatternSyntaxError("unterminated string");
        const d = src[i]!;
        if (d === "\\" && i + 1 < src.length) {
          text += src[i + 1];
          i += 2;
          continue;
        }
        if (d === '"') {
          i++;
          break;
        }
        text += d;
        i++;
      }
      out.push({ t: "quoted", text });
      continue;
    }
    if (c === "$") {
      i++;
      const path: (string | number)[] = [];
      for (;;) {
        if (src[i] === ".") {
          const m = /^[A-Za-z0-9_@-]+/.exec(src.slice(i + 1));
          if (!m) throw new FilterPatternSyntaxError(`bad selector at ${i}`);
          path.push(m[0]);
          i += 1 + m[0].length;
        } else if (src[i] === "[") {
          const m = /^\[(\d+)\]/.exec(src.slice(i));
          if (!m) throw new FilterPatternSyntaxError(`bad array index at ${i}`);
          path.push(Number(m[1]));
          i += m[0].length;
        } else break;
      }
      if (path.length === 0) throw new FilterPatternSyntaxError("empty selector");
      out.push({ t: "selector", path });
      continue;
    }
    const m = /^[^\s(){}"=!<>&|]+/.exec(src.slice(i));
    if (!m) throw new FilterPatternSyntaxError(`unexpected character ${JSON.stringify(c)} at ${i}`);
    out.push({ t: "word", text: m[0] });
    i += m[0].length;
  }
  return out;
}

export function parseFilterPattern(pattern: string): Expr {
  const tokens = tokenize(pattern);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => {
    const tok = tokens[pos++];
    if (!tok) throw new FilterPatternSyntaxError("unexpected end of pattern");
    return tok;
  };
  const expect = (t: Token["t"]) => {
    const tok = take();
    if (tok.t !== t) throw new FilterPatternSyntaxError(`expected ${t}, got ${tok.t}`);
    return tok;
  };

  function or(): Expr {
    const items = [and()];
    while (peek()?.t === "||") {
      take();
      items.push(and());
    }
    return items.length === 1 ? items[0]! : { kind: "or", items };
  }
  function and(): Expr {
    const items = [unary()];
    while (peek()?.t === "&&") {
      take();
      items.push(unary());
    }
    return items.length === 1 ? items[0]! : { kind: "and", items };
  }
  function unary(): Expr {
    if (peek()?.t === "(") {
      take();
      const e = or();
      expect(")");
      return e;
    }
    return condition();
  }
  function condition(): Condition {
    const sel = take();
    if (sel.t !== "selector") throw new FilterPatternSyntaxError(`expected a selector, got ${sel.t}`);
    const next = take();
    if (next.t === "word" && next.text === "IS") {
      const what = take();
      if (what.t !== "word" || !["NULL", "TRUE", "FALSE"].includes(what.text))
        throw new FilterPatternSyntaxError("IS takes NULL, TRUE or FALSE");
      return { kind: "is", selector: sel.path, what: what.text as "NULL" | "TRUE" | "FALSE" };
    }
    if (next.t === "word" && next.text === "NOT") {
      const what = take();
      if (what.t !== "word" || what.text !== "EXISTS") throw new FilterPatternSyntaxError("NOT takes EXISTS");
      return { kind: "not-exists", selector: sel.path };
    }
    if (next.t !== "op") throw new FilterPatternSyntaxError(`expected an operator, got ${next.t}`);
    const v = take();
    let value: Value;
    if (v.t === "quoted") value = { kind: "string", text: v.text, quoted: true };
    else if (v.t === "word") {
      if (v.text === "*") value = { kind: "any" };
      else if (/^-?\d+(\.\d+)?$/.test(v.text)) value = { kind: "number", n: Number(v.text) };
      else value = { kind: "string", text: v.text, quoted: false };
    } else throw new FilterPatternSyntaxError(`expected a value, got ${v.t}`);
    if (value.kind === "string" && next.op !== "=" && next.op !== "!=")
      throw new FilterPatternSyntaxError("strings compare with = and != only");
    return { kind: "compare", selector: sel.path, op: next.op, value };
  }

  expect("{");
  const e = or();
  expect("}");
  if (pos !== tokens.length) throw new FilterPatternSyntaxError("text after the closing brace");
  return e;
}

const ABSENT = Symbol("absent");

function select(event: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = event;
  for (const seg of path) {
    if (typeof seg === "number") {
      if (!Array.isArray(cur) || seg >= cur.length) return ABSENT;
      cur = cur[seg];
    } else {
      if (cur === null || typeof cur !== "object" || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) return ABSENT;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}

function globMatch(glob: string, text: string): boolean {
  const re = new RegExp(
    `^${glob
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[\\s\\S]*")}$`,
  );
  return re.test(text);
}

function evalCondition(c: Condition, event: unknown): boolean {
  const v = select(event, c.selector);
  switch (c.kind) {
    case "not-exists":
      return v === ABSENT;
    case "is":
      return c.what === "NULL" ? v === null : v === (c.what === "TRUE");
    case "compare": {
      if (c.value.kind === "any") return v !== ABSENT && v !== null && typeof v !== "object" ? c.op === "=" : false;
      if (c.value.kind === "string") {
        if (typeof v !== "string") return false;
        const eq = globMatch(c.value.text, v);
        return c.op === "=" ? eq : !eq;
      }
      if (typeof v !== "number") return false;
      const n = c.value.n;
      switch (c.op) {
        case "=":
          return v === n;
        case "!=":
          return v !== n;
        case "<":
          return v < n;
        case ">":
          return v > n;
        case "<=":
          return v <= n;
        case ">=":
          return v >= n;
      }
    }
  }
  return false;
}

function evalExpr(e: Expr, event: unknown): boolean {
  if (e.kind === "and") return e.items.every((x) => evalExpr(x, event));
  if (e.kind === "or") return e.items.some((x) => evalExpr(x, event));
  return evalCondition(e, event);
}

/** Whether a log event message matches a JSON filter pattern (throws FilterPatternSyntaxError on a bad pattern). */
export function filterPatternMatches(pattern: string, message: string): boolean {
  const expr = parseFilterPattern(pattern);
  let event: unknown;
  try {
    event = JSON.parse(message);
  } catch {
    return false;
  }
  if (event === null || typeof event !== "object" || Array.isArray(event)) return false;
  return evalExpr(expr, event);
}
