export { seedCredential, seedTarget, type SeedRequest, type SeedDependencies, type SeedOutcome } from "./seed";
export { parseSeedValue, nothingToSeed, seededFlagReminder, recordKindOf, withRecordToolFields, type SeedRecord } from "./seed-value";
export { writeVaultKv, type VaultKvTarget, type WriteResult } from "./vault-kv";
export { writeSecretsManager, sdkSecretsManagerClient, type SecretsManagerSeedClient } from "./secrets-manager";
export { SeedError, redact } from "./errors";
export { keyPairFingerprint, publicKeyFingerprint, PUBLIC_KEY_FINGERPRINT_KEY } from "./public-key-fingerprint";
export { patchVaultCustomMetadata } from "./vault-kv";
