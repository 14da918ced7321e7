import type { SynthResource, SynthStack } from "./types";

/** Flattens a stack's synthesized JSON (`resource.<type>.<name>`) into resources for rules. */
export function toSynthStack(name: string, json: Record<string, unknown>, environment?: SynthStack["environment"]): SynthStack {
  const resources: SynthResource[] = [];
  const byType = (json.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const type of Object.keys(byType).sort()) {
    for (const resourceName of Object.keys(byType[type]).sort()) {
      const { "//": meta, ...config } = byType[type][resourceName];
      const path = (meta as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? `${name}/${resourceName}`;
      resources.push({ type, name: resourceName, address: `${type}.${resourceName}`, constructPath: path, config });
    }
  }
  return { name, json, resources, environment };
}
