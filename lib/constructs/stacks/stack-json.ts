import { DefaultTokenResolver, StringConcat, TerraformOutput, Tokenization, type TerraformStack } from "cdktf";
import { resolvedCopy, stackElements } from "./prepare-tokens";

/*
 * A stack's Terraform JSON as cdktf 0.21's TerraformStack.toTerraform() builds it, step by step,
 * but for its last step: cdktf resolves the merged JSON of the stack a second time as a whole,
 * although every element's part was resolved already (8% of a 1,000-connector synth). Here that
 * step resolves only what could still hold a token (the stack's own overrides) and otherwise copies
 * the JSON as cdktf's resolver would (resolvedCopy). test/constructs/stacks/stack-json.test.ts
 * holds it equal to cdktf's own toTerraform() on every stack of the shipped inventories, so a cdktf
 * release that changes the steps fails there first.
 */

// cdktf's deep merge, the one TerraformStack.toTerraform() merges with (cdktf/lib/util).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deepMerge } = require("cdktf/lib/util") as { deepMerge: (target: unknown, ...sources: unknown[]) => unknown };

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** What TerraformStack keeps private and its toTerraform() reads. */
interface StackInternals {
  readonly rawOverrides: Record<string, unknown>;
  readonly cdktfVersion?: string;
}

export function stackJson(stack: TerraformStack): Record<string, unknown> {
  const { rawOverrides, cdktfVersion } = stack as unknown as StackInternals;
  const resolve = (value: unknown) => Tokenization.resolve(value, { scope: stack, preparing: false, resolver: RESOLVER });
  const tf: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {
    version: cdktfVersion,
    stackName: stack.node.id,
    backend: "local",
    cloud: undefined,
    ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
  };
  const elements = stackElements(stack);
  for (const meta of elements.map((e) => resolve(e.toMetadata()))) deepMerge(metadata, meta);
  const outputs: Record<string, unknown> = {};
  for (const element of elements) {
    if (!TerraformOutput.isTerraformOutput(element)) continue;
    deepMerge(
      outputs,
      element.node.path.split("/").reduceRight<Record<string, unknown>>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: element.friendlyUniqueId } : { [part]: inner }), {}),
    );
  }
  tf["//"] = { metadata, outputs };
  for (const fragment of elements.map((e) => resolve(e.toTerraform()))) deepMerge(tf, fragment);
  deepMerge(tf, rawOverrides);
  return resolvedCopy(stack, tf) as Record<string, unknown>;
}
