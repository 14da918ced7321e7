/*
 * Every resource of the synth output, classified once: modelled ones are resolved and grouped by
 * type for the readers; a type that can grant access but is not modelled, or is not known at all, is
 * an issue (a warning when it is the team's own resource beside a composed environment).
 */
import type { ReferenceResolver, StackIndex } from "../references";
import { classifyResourceType } from "../resource-types";
import type { SynthDir } from "../synth-dir";
import type { ModelIssue } from "../types";
import type { Resolved } from "./context";

export function groupResourcesByType(
  synth: SynthDir,
  stacks: readonly StackIndex[],
  resolver: ReferenceResolver,
  issues: ModelIssue[],
): Map<string, Resolved[]> {
  // In a stack the team owns, the library's constructs sit under `roots`; the rest is the team's own.
  const rootsOf = new Map(synth.stacks.map((file) => [file.name, file.roots]));
  const teamOwned = (stack: string, constructPath: string): boolean => {
    const roots = rootsOf.get(stack);
    return (
      roots !== undefined && !roots.some((root) => constructPath === `${stack}/${root}` || constructPath.startsWith(`${stack}/${root}/`))
    );
  };

  const byType = new Map<string, Resolved[]>();
  for (const stack of stacks) {
    for (const resource of stack.resources) {
      const kind = classifyResourceType(resource.type);
      const at = { stack: stack.name, address: resource.address };
      if (kind === "unknown" && teamOwned(stack.name, resource.constructPath)) {
        // A team's own resource beside a composed environment: policies it grants are modelled when
        // their type is; a type simulate does not know is named, not judged.
        issues.push({
          severity: "warning",
          ...at,
          message: `left out: "${resource.type}" is a resource of the team's own (outside the library's constructs) of a type simulate does not model`,
        });
        continue;
      }
      if (kind === "unknown") {
        issues.push({
          severity: "error",
          ...at,
          message: `unknown resource type "${resource.type}": simulate cannot tell whether it grants access to a secret`,
        });
        continue;
      }
      if (kind === "not-modelled") {
        issues.push({
          severity: "error",
          ...at,
          message: `"${resource.type}" can grant access, but simulate does not model it (not modelled)`,
        });
        continue;
      }
      if (kind === "inert") continue;
      const list = byType.get(resource.type) ?? [];
      list.push({ stack, resource, config: resolver.config(stack, resource) });
      byType.set(resource.type, list);
    }
  }
  return byType;
}
