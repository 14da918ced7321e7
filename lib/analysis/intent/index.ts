export * from "./types";
export * from "./ids";
export { buildIntentManifest, credentialLocations, AWS_READ_ACTIONS, AWS_WRITE_BACK_ACTIONS, AWS_ROTATION_ACTIONS, AWS_BREAK_GLASS_ACTIONS } from "./build-intent";
export { writeIntentManifest, intentManifestText } from "./write-intent";
