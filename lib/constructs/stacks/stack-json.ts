import { TerraformOutput, type TerraformStack } from "cdktf";
import { resolvedCopy, stackElements } from "./prepare-tokens";

/*
 * A stack's Terraform JSON as cdktf 0.21's TerraformStack.toTerraform() builds it, step by step,
 * but without walking plain data through cdktf's resolver. cdktf resolves each element's JSON (a
 * context object and a path per value, two regular expressions per string: a third of a
 * 1,000-connector synth's time and ~1 GiB of short-lived allocations), then the merged JSON of the
 * stack a second time as a whole. Here both steps hand cdktf's resolver only what could hold a
 * token and copy the provably plain rest as the resolver would (resolvedCopy); an element's
 * fragment is merged as soon as it is copied, so the fragments are never all alive at once.
 * test/constructs/stacks/stack-json.test.ts holds it equal to cdktf's own toTerraform() on every
 * stack of the shipped inventories, so a cdktf release that changes the steps fails there first.
 */

// cdktf's deep merge, the one TerraformStack.toTerraform() merges with (cdktf/lib/util).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deepMerge } = require("cdktf/lib/util") as { deepMerge: (target: unknown, ...sources: unknown[]) => unknown };

/** What TerraformStack keeps private and its toTerraform() reads. */
interface StackInternals {
  readonly rawOverrides: Record<string, unknown>;
  readonly cdktfVersion?: string;
}

export function stackJson(stack: TerraformStack): Record<string, unknown> {
  const { rawOverrides, cdktfVersion } = stack as unknown as StackInternals;
  const tf: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {
    version: cdktfVersion,
    stackName: stack.node.id,
    backend: "local",
    cloud: undefined,
    ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
  };
  const elements = stackElements(stack);
  for (const meta of elements.map((e) => resolvedCopy(stack, e.toMetadata()))) deepMerge(metadata, meta);
  const outputs: Record<string, unknown> = {};
  for (const element of elements) {
    if (!TerraformOutput.isTerraformOutput(element)) continue;
    deepMerge(
      outputs,
      element.node.path
        .split("/")
        .reduceRight<Record<string, unknown>>(
          (inner, part) => (Object.keys(inner).length === 0 ? { [part]: element.friendlyUniqueId } : { [part]: inner }),
          {},
        ),
    );
  }
  tf["//"] = { metadata, outputs };
  for (const element of elements) deepMerge(tf, resolvedCopy(stack, element.toTerraform()));
  deepMerge(tf, rawOverrides);
  return resolvedCopy(stack, tf) as Record<string, unknown>;
}
