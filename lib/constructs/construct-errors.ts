/*
 * Errors a construct reports at synth (validations), for what the plan cannot know: how constructs
 * were wired together (a login without its auth backend, a schedule without its function) or limits
 * only the rendered output reaches (EventBridge input sizes). Rules of the inventory itself are
 * checked once, by validation (lib/inventory/cross-field), never again here.
 *
 * Every message names where it happened twice: the construct's node path (where in the stack) and
 * the spec path (which part of the inventory to change), in the format of validation's issues.
 */
import type { IConstruct } from "constructs";
import { formatPath, type SpecPath } from "../inventory/issues";

/** `<node path>: <spec path>: <message>`. */
export function constructErrorMessage(construct: IConstruct, specPath: SpecPath, message: string): string {
  return `${construct.node.path}: ${formatPath(specPath)}: ${message}`;
}

/** One error found at synth: which part of the inventory to change, and what is wrong. */
export interface SynthError {
  readonly specPath: SpecPath;
  readonly message: string;
}

/** Adds a validation that fails synth with these errors (none: nothing is added). */
export function failAtSynth(construct: IConstruct, errors: readonly SynthError[]): void {
  if (errors.length === 0) return;
  const messages = errors.map((e) => constructErrorMessage(construct, e.specPath, e.message));
  construct.node.addValidation({ validate: () => messages });
}

/** Spec path of an environment, by name (constructs know names; validation's paths use the same keys). */
export function environmentPath(environment: string, ...rest: SpecPath): SpecPath {
  return ["environments", environment, ...rest];
}

/** Spec path of a credential, by connector id and credential name. */
export function credentialPath(connectorId: string, credentialName: string, ...rest: SpecPath): SpecPath {
  return ["connectors", connectorId, "credentials", credentialName, ...rest];
}
