export * from "./types";
export { readSynthDir, assertCdktfStack, SynthDirError, type SynthDir, type StackFile } from "./synth-dir";
export { intentOfStacks, stackFragmentOf, StackIntentError, type StackIntent } from "./stack-intent";
export { indexStack, ReferenceResolver, syntheticKeyId, awsContextOf, type StackIndex, type StackResource } from "./references";
export { classifyResourceType, VAULT_AUTH_ROLE_TYPES, type ResourceTypeClass } from "./resource-types";
export { buildAccessModel, loadAccessModel, OUTSIDER_ARN } from "./build-model";
