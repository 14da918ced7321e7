/**
 * IAM string patterns: policy variables (`${aws:PrincipalTag/environment}`, with an optional
 * `, 'default'`), the escapes `${*}`, `${?}`, `${$}`, and — where the element allows them — the
 * wildcards `*` (any run of characters) and `?` (one character).
 *
 * A variable whose key is absent (or multi-valued) and has no default cannot be resolved: the
 * pattern then matches nothing (IAM documentation, "policy variables with no value").
 */
import type { RequestContext } from "./request-context";

export interface PatternOptions {
  readonly wildcards: boolean;
  readonly ignoreCase?: boolean;
}

/** Compiles a policy value to an anchored RegExp, or undefined when a variable cannot be resolved. */
export function compileIamPattern(value: string, context: RequestContext, options: PatternOptions): RegExp | undefined {
  // Without a variable the pattern does not depend on the request: compile it once.
  if (!value.includes("${")) {
    const key = `${options.wildcards ? "w" : "-"}${options.ignoreCase ? "i" : "-"}${value}`;
    let regex = constantPatterns.get(key);
    if (!regex) {
      if (constantPatterns.size >= CONSTANT_CACHE_LIMIT) constantPatterns.clear();
      regex = compileWithContext(value, context, options)!;
      constantPatterns.set(key, regex);
    }
    return regex;
  }
  return compileWithContext(value, context, options);
}

/** Compiled patterns without variables (a RegExp without the g or y flag keeps no state: shared safely). */
const constantPatterns = new Map<string, RegExp>();
const CONSTANT_CACHE_LIMIT = 50_000;

function compileWithContext(value: string, context: RequestContext, options: PatternOptions): RegExp | undefined {
  let source = "";
  let index = 0;
  while (index < value.length) {
    const char = value[index];
    if (char === "$" && value[index + 1] === "{") {
      const end = value.indexOf("}", index + 2);
      if (end !== -1) {
        const resolved = resolveVariable(value.slice(index + 2, end), context);
        if (resolved === undefined) return undefined;
        source += escapeRegExp(resolved);
        index = end + 1;
        continue;
      }
    }
    if (options.wildcards && char === "*") source += "[\\s\\S]*";
    else if (options.wildcards && char === "?") source += "[\\s\\S]";
    else source += escapeRegExp(char);
    index++;
  }
  return new RegExp(`^${source}$`, options.ignoreCase ? "i" : "");
}

/** Substitutes variables without interpreting wildcards; undefined when one cannot be resolved. */
export function resolveIamVariables(value: string, context: RequestContext): string | undefined {
  let result = "";
  let index = 0;
  while (index < value.length) {
    if (value[index] === "$" && value[index + 1] === "{") {
      const end = value.indexOf("}", index + 2);
      if (end !== -1) {
        const resolved = resolveVariable(value.slice(index + 2, end), context);
        if (resolved === undefined) return undefined;
        result += resolved;
        index = end + 1;
        continue;
      }
    }
    result += value[index];
    index++;
  }
  return result;
}

function resolveVariable(inner: string, context: RequestContext): string | undefined {
  if (inner === "*" || inner === "?" || inner === "$") return inner;
  const withDefault = /^(.*?)\s*,\s*'(.*)'$/.exec(inner);
  const key = (withDefault ? withDefault[1] : inner).trim();
  const value = context.get(key);
  if (typeof value === "string" && value !== "") return value;
  return withDefault ? withDefault[2] : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
