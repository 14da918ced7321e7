import { parseAllowlist, type AllowlistEntry } from "./allowlist";
import { fingerprint, maskSecret } from "./mask";
import { ETL_SECRETS_RULES, secretAssignmentRule } from "./detectors";
import { runSecretlint } from "./secretlint-runner";
import type { RawMatch, ScanFinding, ScanReport, SkippedFile } from "./types";
import { collectTextFiles, DEFAULT_MAX_FILE_BYTES, type TextFile } from "./walk";

export interface ScanOptions {
  /** Allowlist entries (parse them with `parseAllowlist`). @default none */
  readonly allowlist?: readonly AllowlistEntry[];
  /** Whether the texts are files on disk (lets secretlint's PKCS#12 rule read them). @default false */
  readonly physicalFiles?: boolean;
}

/** Line and column (1-based) of every offset, from the line starts of a text. */
function locator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  };
}

/**
 * Which rule speaks for a place when several match it: our specific rules (they name the kind
 * exactly: a Vault token, a Snowflake password), then secretlint's, then the generic assignment rule.
 */
function priority(match: RawMatch): number {
  if (match.ruleId === secretAssignmentRule.id) return 2;
  return match.ruleId.startsWith("@secretlint/") ? 1 : 0;
}

/** One finding per place: a match overlapping one of a higher priority (or an earlier one) is dropped. */
function dedupe(matches: readonly RawMatch[]): RawMatch[] {
  const ordered = [...matches].sort(
    (a, b) => priority(a) - priority(b) || a.start - b.start || b.end - a.end || a.ruleId.localeCompare(b.ruleId),
  );
  const kept: RawMatch[] = [];
  for (const match of ordered) {
    if (kept.some((k) => match.start < k.end && k.start < match.end)) continue;
    kept.push(match);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Our rules over one text; a rule that throws is a bug, reported as such, not a silent pass. */
export function runOwnRules(text: string): RawMatch[] {
  return ETL_SECRETS_RULES.flatMap((rule) => {
    try {
      return rule.find(text);
    } catch (error) {
      throw new Error(`scan rule ${rule.id} failed: ${(error as Error).message}`, { cause: error });
    }
  });
}

/** Scans texts already in memory: secretlint's recommended preset plus our rules. */
export async function scanTexts(texts: readonly TextFile[], options: ScanOptions = {}): Promise<ScanReport> {
  const allowlist = options.allowlist ?? [];
  const used = new Set<AllowlistEntry>();
  const secretlint = await runSecretlint(
    texts.map((t) => ({ path: t.path, content: t.content, physical: options.physicalFiles ?? false })),
  );
  const findings: ScanFinding[] = [];
  const allowed: (ScanFinding & { reason: string })[] = [];
  texts.forEach((text, index) => {
    const locate = locator(text.content);
    for (const match of dedupe([...secretlint[index], ...runOwnRules(text.content)])) {
      const value = text.content.slice(match.start, match.end);
      const { line, column } = locate(match.start);
      const finding: ScanFinding = {
        file: text.path,
        line,
        column,
        ruleId: match.ruleId,
        messageId: match.messageId,
        excerpt: maskSecret(value),
        fingerprint: fingerprint(value),
      };
      const entry = allowlist.find((e) => e.matches(value, finding.fingerprint));
      if (entry) {
        used.add(entry);
        allowed.push({ ...finding, reason: entry.reason });
      } else findings.push(finding);
    }
  });
  return {
    findings,
    allowed,
    skipped: [],
    scannedFiles: texts.length,
    unusedAllowlistEntries: allowlist.filter((e) => !used.has(e)).map((e) => `line ${e.line}: ${e.text}`),
  };
}

export interface ScanPathsResult extends ScanReport {
  /** Missing or unreadable paths, named binary or oversized files: the scan is incomplete. */
  readonly errors: readonly string[];
}

/** Walks the paths and scans every text file found. */
export async function scanPaths(
  paths: readonly string[],
  options: ScanOptions & { readonly maxFileBytes?: number } = {},
): Promise<ScanPathsResult> {
  const walked = collectTextFiles(paths, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  const report = await scanTexts(walked.files, { ...options, physicalFiles: true });
  const skipped: SkippedFile[] = [...walked.skipped];
  return { ...report, skipped, errors: walked.errors };
}

export { parseAllowlist };
