import { DEFAULT_EXCLUDE_CHARACTERS, URI_UNRESERVED_PASSWORD } from "./contract";
import { RotationError } from "./errors";
import { RedactingLogger } from "./redacting-logger";
import { RuntimeConfig } from "./runtime-config";
import { SecretStore } from "./secret-store";

/**
 * A new password from GetRandomPassword, registered with the logger the moment it exists. With the
 * default exclusions it is checked to hold URI-unreserved characters only, so it survives URIs,
 * libpq strings, .pgpass and JDBC URLs unescaped.
 */
export async function generatePassword(store: SecretStore, config: RuntimeConfig, logger: RedactingLogger): Promise<string> {
  const password = await store.randomPassword(config.passwordLength, config.excludeCharacters);
  logger.addSecret(password);
  if (password.length !== config.passwordLength) {
    throw new RotationError(`GetRandomPassword returned ${password.length} characters, expected ${config.passwordLength}`);
  }
  if ([...password].some((character) => config.excludeCharacters.includes(character))) {
    throw new RotationError("GetRandomPassword returned an excluded character");
  }
  if (config.excludeCharacters === DEFAULT_EXCLUDE_CHARACTERS && !URI_UNRESERVED_PASSWORD.test(password)) {
    throw new RotationError("GetRandomPassword returned a character outside letters, digits and -_.~");
  }
  return password;
}
