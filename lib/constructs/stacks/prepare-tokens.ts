import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Token, Tokenization } from "cdktf";
import type { IConstruct } from "constructs";
import { holdsNumberText, isTokenNumber as isTokenNumberBits } from "../../inventory/cross-field/framework-tokens";

/*
 * cdktf's prepare pass, without walking plain data.
 *
 * Before it writes anything, cdktf resolves every element of every stack once in "preparing" mode
 * (TerraformStack.prepareStack): a reference to a resource of another stack then registers a
 * cross-stack output and a remote-state data source. Only tokens act in that pass; plain strings,
 * numbers and objects resolve to themselves. cdktf's resolver still walks all of them (a context
 * and a path per value, two regular expressions per string), which at 1,000 connectors is a
 * third of the time spent resolving.
 *
 * `prepareTokens` walks the value itself and hands to cdktf's resolver, in preparing mode and with
 * the same resolver cdktf uses, every part that could hold a token: a string with a token marker
 * (or text cdktf would read as an encoded number), a token number, an array holding either, an
 * object with a key holding a marker, and anything that is not plain data (a token object, a
 * construct: the resolver raises the same error as before). What is left is provably plain, where
 * the resolver does nothing; so the pass has the same effects, at the cost of a walk.
 */

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * Whether cdktf's resolver could find a token in this string: any marker kind, or text its
 * NUMBER_TOKEN_REGEX (tokens/private/encoding.js) reads as an encoded number.
 */
function mayHoldToken(text: string): boolean {
  return text.includes("TfToken[") || text === Token.STRING_MAP_TOKEN_VALUE || text === Token.ANY_MAP_TOKEN_VALUE || holdsNumberText(text);
}

/** A double with cdktf's token marker in its top 16 bits (0xFDFF scalar, 0xFBFF list), or the map placeholder. */
function isTokenNumber(value: number): boolean {
  return value === Token.NUMBER_MAP_TOKEN_VALUE || isTokenNumberBits(value);
}

function plainPrototype(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * What cdktf's resolver returns for `value` (not preparing): a copy without `undefined` members or
 * elements, each part that could hold a token resolved by cdktf itself, the provably plain rest
 * copied as it is. For JSON that is resolved already but for a few parts (cdktf resolves a stack's
 * merged JSON a second time as a whole).
 */
export function resolvedCopy(scope: IConstruct, value: unknown): unknown {
  const resolve = (part: unknown) => Tokenization.resolve(part, { scope, preparing: false, resolver: RESOLVER });
  const copy = (part: unknown): unknown => {
    if (typeof part === "string") return mayHoldToken(part) ? resolve(part) : part;
    if (typeof part === "number") return isTokenNumber(part) ? resolve(part) : part;
    if (typeof part === "function") return resolve(part);
    if (Array.isArray(part)) {
      const tokened = part.some(
        (item) => (typeof item === "string" && mayHoldToken(item)) || (typeof item === "number" && isTokenNumber(item)),
      );
      if (tokened) return resolve(part);
      const out: unknown[] = [];
      for (const item of part) {
        const copied = copy(item);
        if (copied !== undefined) out.push(copied);
      }
      return out;
    }
    if (part !== null && typeof part === "object") {
      if (typeof (part as { resolve?: unknown }).resolve === "function" || !plainPrototype(part)) return resolve(part);
      const keys = Object.keys(part);
      if (keys.some(mayHoldToken)) return resolve(part);
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const copied = copy((part as Record<string, unknown>)[key]);
        if (copied !== undefined) out[key] = copied;
      }
      return out;
    }
    return part;
  };
  return copy(value);
}

/** Resolves, in preparing mode, every part of `value` that could hold a token; plain parts are skipped. */
export function prepareTokens(scope: IConstruct, value: unknown): void {
  const resolve = (part: unknown) => Tokenization.resolve(part, { scope, preparing: true, resolver: RESOLVER });
  const visit = (part: unknown): void => {
    if (typeof part === "string") {
      if (mayHoldToken(part)) resolve(part);
    } else if (typeof part === "number") {
      if (isTokenNumber(part)) resolve(part);
    } else if (typeof part === "function") {
      resolve(part);
    } else if (Array.isArray(part)) {
      // A list token is resolved with its list, never as an element (cdktf refuses that).
      const tokened = part.some(
        (item) => (typeof item === "string" && mayHoldToken(item)) || (typeof item === "number" && isTokenNumber(item)),
      );
      if (tokened) resolve(part);
      else for (const item of part) visit(item);
    } else if (part !== null && typeof part === "object") {
      // A token may be any object with a resolve() (cdktf duck-types IResolvable), a literal too.
      const keys = typeof (part as { resolve?: unknown }).resolve === "function" || !plainPrototype(part) ? undefined : Object.keys(part);
      if (!keys || keys.some(mayHoldToken)) {
        resolve(part);
        return;
      }
      for (const key of keys) visit((part as Record<string, unknown>)[key]);
    }
  };
  visit(value);
}

/** The elements of a stack in cdktf's order (depth first, children in order; a nested stack is its own). */
export function stackElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (TerraformStack.isStack(child)) continue;
    stackElements(child, into);
  }
  return into;
}
