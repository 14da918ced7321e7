import type { RawMatch } from "../types";

/** Every match of a global regex, reporting the span of `group` (0 = the whole match). */
export function spans(text: string, pattern: RegExp, group = 0): { start: number; end: number; match: RegExpExecArray }[] {
  if (!pattern.global) throw new Error(`scan rule pattern ${pattern} must be global`);
  const flags = pattern.flags.includes("d") ? pattern.flags : `${pattern.flags}d`;
  const regex = new RegExp(pattern.source, flags);
  const out: { start: number; end: number; match: RegExpExecArray }[] = [];
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    if (match[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    const indices = match.indices?.[group];
    if (indices) out.push({ start: indices[0], end: indices[1], match });
  }
  return out;
}

export function rawMatch(ruleId: string, messageId: string, start: number, end: number): RawMatch {
  return { ruleId, messageId, start, end };
}

/**
 * Values that stand for a secret instead of being one: template and shell references, Terraform
 * expressions, masked or redacted values, documentation placeholders.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, "");
  if (v === "") return true;
  if (/^[$%]|^\{\{|^<[^>]*>?$|^\[[^\]]*\]?$|\$\{|\{\{|^\{[A-Za-z_][\w.-]*\}$/.test(v)) return true;
  if (/^(?:var|local|data|module|each|self|ephemeral|process\.env|os\.environ|env)[.([]/.test(v)) return true;
  if (
    /^(?:\*+|x+|X+|\.+|#+|-+|_+|redacted|REDACTED|changeme|CHANGEME|password|PASSWORD|secret|SECRET|example|EXAMPLE|dummy|placeholder|none|null|undefined|true|false)$/i.test(
      v,
    )
  )
    return true;
  if (/\*\*\*|\.\.\.|<redacted>|\[redacted\]/i.test(v)) return true;
  return false;
}
