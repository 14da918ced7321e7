/**
 * One Vault policy path pattern: how it matches a request path and how it ranks against another
 * matching pattern (Vault's policies documentation, "priority rules"; vault/acl.go).
 *
 * - exact: no `+` and no trailing `*`; wins outright over every wildcard pattern.
 * - prefix: ends in `*`, which is a glob only as the last character (`*` elsewhere is literal).
 * - segment: contains `+`; each `+` segment matches exactly one path segment, and without a
 *   trailing `*` the path must have the same number of segments.
 */

export type PatternKind = "exact" | "prefix" | "segment";

export interface PathPattern {
  /** As written in the policy. */
  readonly pattern: string;
  readonly kind: PatternKind;
  /** Ends in the `*` glob. */
  readonly isPrefix: boolean;
  /** The pattern without its trailing `*`. */
  readonly body: string;
  /** Index of the first `+` or `*`: a wildcard that comes earlier ranks lower. */
  readonly firstWildcardAt: number;
  /** Number of `+` segments: more rank lower. */
  readonly plusSegments: number;
}

/** Which documented priority rule separated two matching patterns. */
export type PriorityRule =
  "a: first wildcard comes later" | "b: does not end in *" | "c: fewer + segments" | "d: longer" | "e: sorts higher lexicographically";

export function compilePathPattern(pattern: string): PathPattern {
  const isPrefix = pattern.endsWith("*");
  const body = isPrefix ? pattern.slice(0, -1) : pattern;
  // Vault files any pattern containing "+" under segment wildcards, even when the "+" is not a
  // whole segment (then it only matches itself literally, but still ranks as a wildcard).
  if (pattern.includes("+")) {
    return {
      pattern,
      kind: "segment",
      isPrefix,
      body,
      firstWildcardAt: pattern.indexOf("+"),
      plusSegments: body.split("/").filter((part) => part === "+").length,
    };
  }
  if (isPrefix) {
    return { pattern, kind: "prefix", isPrefix, body, firstWildcardAt: body.length, plusSegments: 0 };
  }
  return { pattern, kind: "exact", isPrefix: false, body, firstWildcardAt: Number.POSITIVE_INFINITY, plusSegments: 0 };
}

export function patternMatches(pattern: PathPattern, path: string): boolean {
  switch (pattern.kind) {
    case "exact":
      return pattern.body === path;
    case "prefix":
      return path.startsWith(pattern.body);
    case "segment":
      return segmentPatternMatches(pattern, path);
  }
}

function segmentPatternMatches(pattern: PathPattern, path: string): boolean {
  const patternParts = pattern.body.split("/");
  const pathParts = path.split("/");
  if (pathParts.length < patternParts.length) return false;
  if (!pattern.isPrefix && pathParts.length !== patternParts.length) return false;
  return patternParts.every((part, index) => {
    if (part === "+") return true; // any one segment, the empty one included
    if (part === pathParts[index]) return true;
    // With a trailing glob, the last pattern segment is a prefix of its path segment.
    return pattern.isPrefix && index === patternParts.length - 1 && pathParts[index].startsWith(part);
  });
}

/**
 * Compares two matching wildcard patterns: positive when `left` has the higher priority.
 * Returns the rule that decided, so a report can explain the choice.
 */
export function comparePriority(left: PathPattern, right: PathPattern): { order: number; rule?: PriorityRule } {
  if (left.firstWildcardAt !== right.firstWildcardAt) {
    return { order: left.firstWildcardAt > right.firstWildcardAt ? 1 : -1, rule: "a: first wildcard comes later" };
  }
  if (left.isPrefix !== right.isPrefix) {
    return { order: left.isPrefix ? -1 : 1, rule: "b: does not end in *" };
  }
  if (left.plusSegments !== right.plusSegments) {
    return { order: left.plusSegments > right.plusSegments ? -1 : 1, rule: "c: fewer + segments" };
  }
  if (left.body.length !== right.body.length) {
    return { order: left.body.length > right.body.length ? 1 : -1, rule: "d: longer" };
  }
  if (left.body !== right.body) {
    return { order: left.body > right.body ? 1 : -1, rule: "e: sorts higher lexicographically" };
  }
  return { order: 0 };
}
