/*
 * Attaches what `simulate` and `review` need to the stack itself, as the stack's Terraform JSON
 * comment: `"//": { "etl-secrets": <fragment>, "metadata": <cdktf's> }`. Terraform and OpenTofu
 * ignore `"//"`; cdktf writes it with every synth (`npx cdktf synth`, `cdktf deploy`, `etl-secrets
 * synth`), so no file has to be written beside the stacks. See lib/analysis/intent/stack-fragment.ts.
 *
 * The fragment holds ids, names, paths and ARNs the stack already writes; its only spec prose (an
 * exception's reason) passes the inert-text boundary, so it reads as `$${` / `%%{` like any other
 * spec text in the stack, and is never evaluated. It holds no secret value (the intent has none).
 */
import { TerraformElement, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import {
  environmentFragment,
  mergeStackFragments,
  sharedFragment,
  STACK_INTENT_KEY,
  type EnvironmentIntentInput,
  type SharedIntentInput,
  type StackIntentFragment,
} from "../analysis/intent/stack-fragment";
import { inertPlan, terraformEscaped } from "./inert-text";

/** Construct id of the one metadata element of a stack (it renders no resource, so no address). */
export const INTENT_METADATA_ID = "etl-secrets-intent";

/** The stack's fragment, rendered into `"//"` when the stack synthesizes. */
class StackIntentMetadata extends TerraformElement {
  private fragment?: StackIntentFragment;

  add(fragment: StackIntentFragment, where: string): void {
    try {
      this.fragment = this.fragment ? mergeStackFragments(this.fragment, fragment) : fragment;
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  }

  get current(): StackIntentFragment | undefined {
    return this.fragment;
  }

  override toTerraform(): Record<string, unknown> {
    if (!this.fragment) return {};
    return { "//": { [STACK_INTENT_KEY]: terraformEscaped(inertPlan(this.fragment)) } };
  }
}

/** The fragment with the construct's path below its stack, when the stack is not the construct itself. */
function rooted(scope: IConstruct, fragment: StackIntentFragment): StackIntentFragment {
  const stack = TerraformStack.of(scope);
  if (scope === stack) return fragment;
  return { ...fragment, roots: [scope.node.path.slice(stack.node.path.length + 1)] };
}

function metadataOf(scope: IConstruct): StackIntentMetadata {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(INTENT_METADATA_ID);
  if (existing instanceof StackIntentMetadata) return existing;
  if (existing) throw new Error(`${stack.node.path}: the construct id "${INTENT_METADATA_ID}" is taken; the library needs it for its intent metadata`);
  return new StackIntentMetadata(stack, INTENT_METADATA_ID);
}

/**
 * Attaches one environment's intent (who is granted what) to the stack that holds `scope`. Call it
 * once per environment rendered into a stack; a stack may hold several. Exceptions and retirements
 * of other environments are left out, so the inventory's whole lists may be passed.
 */
export function attachEnvironmentIntent(scope: IConstruct, input: EnvironmentIntentInput): void {
  metadataOf(scope).add(rooted(scope, environmentFragment(input)), scope.node.path);
}

/**
 * Marks the stack that holds `scope` as holding a Vault cluster's or an AWS account's shared pieces
 * (namespaces, audit devices, the trail, OIDC providers): the analysis reads it with the
 * environments that use that cluster or account.
 */
export function attachSharedIntent(scope: IConstruct, input: SharedIntentInput): void {
  metadataOf(scope).add(rooted(scope, sharedFragment(input)), scope.node.path);
}

/** The fragment attached to the stack of `scope` so far (before escaping), if any. */
export function attachedIntent(scope: IConstruct): StackIntentFragment | undefined {
  const found = TerraformStack.of(scope).node.tryFindChild(INTENT_METADATA_ID);
  return found instanceof StackIntentMetadata ? found.current : undefined;
}
