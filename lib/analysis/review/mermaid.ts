/*
 * A small Mermaid flowchart of who gains or loses access to which credential, for pull-request
 * pages that render it. Node ids are generated (`n1`, `n2`...: no id from a synth output ever
 * becomes Mermaid syntax), every label is quoted and every character outside a short safe set is
 * written as a Mermaid entity code (`#35;`), so a hostile principal id stays text. Deterministic:
 * nodes numbered in sorted order. Left out, with a line saying so, above MERMAID_MAX_EDGES edges.
 */
import type { LogicalChange } from "./logical-changes";

/** Above this many edges a graph stops helping: the table says it better. */
export const MERMAID_MAX_EDGES = 12;

/** Text inside a quoted Mermaid label: letters, digits and a few plain signs stay, the rest become `#<code>;`. */
export function mermaidLabel(text: string): string {
  let out = "";
  for (const char of text) out += /^[A-Za-z0-9 _.,:/+()-]$/.test(char) ? char : `#${char.codePointAt(0)};`;
  return `"${out}"`;
}

function whoLabel(change: LogicalChange): string {
  return change.principalClass === "unknown" ? change.who : `${change.principalClass} ${change.who}`;
}

function whatLabel(change: LogicalChange): string {
  return change.credential ?? change.resource ?? "?";
}

/** The ```mermaid block (as lines), a line saying why it is left out, or nothing when there is no change. */
export function accessGraph(changes: readonly LogicalChange[], maxEdges: number = MERMAID_MAX_EDGES): string[] {
  if (changes.length === 0) return [];
  if (changes.length > maxEdges)
    return [`Graph left out: ${changes.length} access changes (more than ${maxEdges}); the table lists them all.`];
  const nodes = new Map<string, string>();
  const keys = [...new Set(changes.flatMap((c) => [`a:${whoLabel(c)}`, `b:${whatLabel(c)}`]))].sort();
  keys.forEach((key, i) => nodes.set(key, `n${i + 1}`));
  const lines = ["```mermaid", "flowchart LR"];
  for (const key of keys) lines.push(`  ${nodes.get(key)}[${mermaidLabel(key.slice(2))}]`);
  const edges = changes
    .map((c) => {
      const from = nodes.get(`a:${whoLabel(c)}`)!;
      const to = nodes.get(`b:${whatLabel(c)}`)!;
      const where = c.environments.map((e) => e.name).join(", ");
      const label = mermaidLabel(`${c.direction === "gained" ? "+" : "-"} ${c.access} (${where})`);
      return `  ${from} ${c.direction === "gained" ? "-->" : "-.->"}|${label}| ${to}`;
    })
    .sort();
  lines.push(...edges, "```");
  return lines;
}
