/*
 * The allowlist of known fakes: one entry per line, each with a reason after ` # `:
 *
 *   sha256:3f0c...e1  # the AWS documentation's example key, used in the README
 *   3f0c...e1         # (the `sha256:` prefix is optional)
 *   /^hvs\.FAKE/      # test tokens built by test/support
 *
 * A hash names one matched value exactly (print it with `etl-secrets scan --format json`); a regex
 * (between slashes, optional flags) accepts every matched value it finds a match in. Lines that
 * start with `#` and blank lines are comments. An entry without a reason is an error.
 */

export interface AllowlistEntry {
  /** The entry as written (without its reason), for reports of unused entries. */
  readonly text: string;
  readonly line: number;
  readonly reason: string;
  matches(value: string, fingerprint: string): boolean;
}

export interface AllowlistParseResult {
  readonly entries: readonly AllowlistEntry[];
  readonly errors: readonly string[];
}

export function parseAllowlist(text: string, source: string): AllowlistParseResult {
  const entries: AllowlistEntry[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const split = /^(.*?)\s+#\s*(.*)$/.exec(trimmed);
    const entry = (split?.[1] ?? trimmed).trim();
    const reason = (split?.[2] ?? "").trim();
    if (!reason) {
      errors.push(`${source}:${line}: an allowlist entry needs a reason: "<entry>  # why this is not a secret"`);
      return;
    }
    const hash = /^(?:sha256:)?([0-9a-fA-F]{64})$/.exec(entry);
    if (hash) {
      const expected = `sha256:${hash[1].toLowerCase()}`;
      entries.push({ text: entry, line, reason, matches: (_value, fingerprint) => fingerprint === expected });
      return;
    }
    const regex = /^\/(.+)\/([a-z]*)$/.exec(entry);
    if (regex) {
      let compiled: RegExp;
      try {
        compiled = new RegExp(regex[1], regex[2].replace(/[gy]/g, ""));
      } catch (error) {
        errors.push(`${source}:${line}: not a valid regular expression: ${(error as Error).message}`);
        return;
      }
      entries.push({ text: entry, line, reason, matches: (value) => compiled.test(value) });
      return;
    }
    errors.push(`${source}:${line}: expected a sha256 (64 hex digits, optionally prefixed sha256:) or a /regex/, followed by "# reason"`);
  });
  return { entries, errors };
}
