/*
 * Attaches what `simulate` and `review` need to the stack itself, as the stack's Terraform JSON
 * comment: `"//": { "etl-secrets": <fragment>, "metadata": <cdktf's> }`. Terraform and OpenTofu
 * ignore `"//"`; cdktf writes it with every synth (`npx cdktf synth`, `cdktf deploy`, `etl-secrets
 * synth`), so no file has to be written beside the stacks. See lib/intent/stack-fragment.ts.
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
} from "../intent/stack-fragment";
import { inertPlan, terraformEscaped } from "./inert-text";

/** Construct id of the one metadata element of a stack (it renders no resource, so no address). */
export const INTENT_METADATA_ID = "etl-secrets-intent";

/**
 * Marks a stack that writes its intent fragment into its final JSON itself (EtlStack, with
 * `writtenIntent`), after cdktf resolved the rest. The fragment is plain data that passed the inert
 * boundary, so resolving it changes nothing; at 1,000 connectors it is a quarter of an
 * environment stack's JSON, and cdktf would walk it three times (prepare, element, whole stack).
 */
export const WRITES_INTENT_ITSELF: unique symbol = Symbol.for("cdktf-etl-secrets/writes-intent-itself");

/** The stack's fragment, rendered into `"//"` when the stack synthesizes. */
class StackIntentMetadata extends TerraformElement {
  private fragment?: StackIntentFragment;
  private rendered?: Record<string, unknown>;

  add(fragment: StackIntentFragment, where: string): void {
    try {
      this.fragment = this.fragment ? mergeStackFragments(this.fragment, fragment) : fragment;
      this.rendered = undefined;
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
    }
  }

  get current(): StackIntentFragment | undefined {
    return this.fragment;
  }

  /**
   * The fragment as it is written: inert, with Terraform's escapes, and as cdktf's resolver leaves
   * plain data (no `undefined` member or element). Rendered once per change of the fragment.
   */
  renderedFragment(): Record<string, unknown> | undefined {
    if (!this.fragment) return undefined;
    this.rendered ??= withoutUndefined(terraformEscaped(inertPlan(this.fragment))) as Record<string, unknown>;
    return this.rendered;
  }

  override toTerraform(): Record<string, unknown> {
    if ((this.cdktfStack as unknown as Record<symbol, unknown>)[WRITES_INTENT_ITSELF] === true) return {};
    const rendered = this.renderedFragment();
    return rendered ? { "//": { [STACK_INTENT_KEY]: rendered } } : {};
  }
}

/**
 * Plain data as cdktf's resolver returns it: members whose value is `undefined` and `undefined`
 * elements of arrays are left out (cdktf/lib/tokens/private/resolve.js).
 */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(withoutUndefined);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) if (child !== undefined) out[key] = withoutUndefined(child);
    return out;
  }
  return value;
}

/**
 * The rendered intent fragment of a stack that writes it itself (WRITES_INTENT_ITSELF), to be set
 * at `"//"."etl-secrets"` of its resolved JSON; undefined when nothing was attached.
 */
export function writtenIntent(stack: TerraformStack): { readonly key: string; readonly fragment: Record<string, unknown> } | undefined {
  const element = stack.node.tryFindChild(INTENT_METADATA_ID);
  const fragment = element instanceof StackIntentMetadata ? element.renderedFragment() : undefined;
  return fragment ? { key: STACK_INTENT_KEY, fragment } : undefined;
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
  if (existing)
    throw new Error(`${stack.node.path}: the construct id "${INTENT_METADATA_ID}" is taken; the library needs it for its intent metadata`);
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
