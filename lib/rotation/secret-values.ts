import { API_KEY_SECRET_KEYS, ApiKeySecret, DATABASE_ENGINES, DATABASE_SECRET_KEYS, DatabaseSecret, SSL_MODES } from "./contract";
import { rotationErrors } from "./errors";
import { RedactingLogger } from "./redacting-logger";

/** Where a value came from, for error messages: the secret's ARN and the stage or version read. */
export interface ValueOrigin {
  readonly secretArn: string;
  readonly stage: string;
}

/** Parses a database secret and registers its password with the logger before anything can log it. */
export function parseDatabaseSecret(text: string, origin: ValueOrigin, logger: RedactingLogger): DatabaseSecret {
  const record = parseObject(text, origin);
  if (typeof record.password === "string" && record.password.length > 0) logger.addSecret(record.password);
  const fail = (problem: string) => rotationErrors.malformedSecret(origin.secretArn, origin.stage, problem);
  if (!DATABASE_ENGINES.includes(record.engine as never)) throw fail(`"engine" must be one of ${DATABASE_ENGINES.join(", ")}`);
  for (const key of ["host", "username", "password"] as const) {
    if (typeof record[key] !== "string" || (record[key] as string).length === 0) throw fail(`"${key}" must be a non-empty string`);
  }
  const port = typeof record.port === "string" ? Number(record.port) : record.port;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)
    throw fail(`"port" must be an integer from 1 to 65535`);
  if (record.dbname !== undefined && typeof record.dbname !== "string") throw fail(`"dbname" must be a string`);
  if (record.sslmode !== undefined && !SSL_MODES.includes(record.sslmode as never))
    throw fail(`"sslmode" must be one of ${SSL_MODES.join(", ")}`);
  if (record.masterarn !== undefined && typeof record.masterarn !== "string") throw fail(`"masterarn" must be a string`);
  return { ...(record as unknown as DatabaseSecret), port };
}

/** Parses an API key secret and registers its key with the logger. */
export function parseApiKeySecret(text: string, origin: ValueOrigin, logger: RedactingLogger): ApiKeySecret {
  const record = parseObject(text, origin);
  if (typeof record.apiKey === "string" && record.apiKey.length > 0) logger.addSecret(record.apiKey);
  const fail = (problem: string) => rotationErrors.malformedSecret(origin.secretArn, origin.stage, problem);
  if (record.kind !== "api-key") throw fail(`"kind" must be "api-key"`);
  for (const key of ["endpoint", "keyId", "apiKey"] as const) {
    if (typeof record[key] !== "string" || (record[key] as string).length === 0) throw fail(`"${key}" must be a non-empty string`);
  }
  let endpoint: URL;
  try {
    endpoint = new URL(record.endpoint as string);
  } catch {
    throw fail(`"endpoint" is not a URL`);
  }
  if (endpoint.protocol !== "https:") throw fail(`"endpoint" must use https`);
  return record as unknown as ApiKeySecret;
}

/** Serializes with the contract's key order, so equal values give equal text. */
export function serializeDatabaseSecret(secret: DatabaseSecret): string {
  return serializeInOrder(secret as unknown as Record<string, unknown>, DATABASE_SECRET_KEYS);
}

export function serializeApiKeySecret(secret: ApiKeySecret): string {
  return serializeInOrder(secret as unknown as Record<string, unknown>, API_KEY_SECRET_KEYS);
}

function serializeInOrder(record: Record<string, unknown>, knownKeys: readonly string[]): string {
  const keys = [
    ...knownKeys.filter((key) => key in record),
    ...Object.keys(record)
      .filter((key) => !knownKeys.includes(key))
      .sort(),
  ];
  const ordered: Record<string, unknown> = {};
  for (const key of keys) if (record[key] !== undefined) ordered[key] = record[key];
  return JSON.stringify(ordered);
}

function parseObject(text: string, origin: ValueOrigin): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message may quote the text, which holds the secret: say only that it is not JSON.
    throw rotationErrors.malformedSecret(origin.secretArn, origin.stage, "the value is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw rotationErrors.malformedSecret(origin.secretArn, origin.stage, "the value is not a JSON object");
  }
  return parsed as Record<string, unknown>;
}
