export * from "./types";
export * from "./ids";
export { intentEnvironment, intentException } from "./build-intent";
export {
  environmentFragment,
  sharedFragment,
  mergeStackFragments,
  STACK_INTENT_KEY,
  STACK_INTENT_FORMAT,
  StackFragmentError,
  type StackIntentFragment,
  type FragmentEnvironment,
  type FragmentRetirement,
  type EnvironmentIntentInput,
  type SharedIntentInput,
} from "./stack-fragment";
export {
  buildIntentManifest,
  credentialLocations,
  AWS_READ_ACTIONS,
  AWS_WRITE_BACK_ACTIONS,
  AWS_ROTATION_ACTIONS,
  AWS_BREAK_GLASS_ACTIONS,
} from "./build-intent";
export { writeIntentManifest, intentManifestText } from "./write-intent";
