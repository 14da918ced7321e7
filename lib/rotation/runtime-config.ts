import { readFileSync } from "node:fs";
import { DEFAULT_EXCLUDE_CHARACTERS, DEFAULT_PASSWORD_LENGTH, PASSWORD_LENGTH_LIMITS, ROTATION_ENVIRONMENT } from "./contract";
import { rotationErrors } from "./errors";

/** The function's settings, read once per cold start from its environment (contract.ts lists them). */
export interface RuntimeConfig {
  readonly passwordLength: number;
  readonly excludeCharacters: string;
  readonly allowPlaintextDatabase: boolean;
  readonly secretsManagerEndpoint?: string;
  readonly databaseCa?: string;
  readonly keyBrokerCa?: string;
  readonly connectTimeoutMs: number;
  /** AWS_REGION of the function (aws-iam-access-key). */
  readonly region?: string;
  readonly iamEndpoint?: string;
  readonly stsEndpoint?: string;
}

const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

export function readRuntimeConfig(environment: NodeJS.ProcessEnv): RuntimeConfig {
  const passwordLength = readInteger(environment, ROTATION_ENVIRONMENT.passwordLength, DEFAULT_PASSWORD_LENGTH);
  if (passwordLength < PASSWORD_LENGTH_LIMITS.min || passwordLength > PASSWORD_LENGTH_LIMITS.max) {
    throw rotationErrors.invalidConfiguration(
      ROTATION_ENVIRONMENT.passwordLength,
      `expected ${PASSWORD_LENGTH_LIMITS.min} to ${PASSWORD_LENGTH_LIMITS.max}, got ${passwordLength}`,
    );
  }
  const allowPlaintext = environment[ROTATION_ENVIRONMENT.allowPlaintextDatabase];
  if (allowPlaintext !== undefined && allowPlaintext !== "true" && allowPlaintext !== "false") {
    throw rotationErrors.invalidConfiguration(
      ROTATION_ENVIRONMENT.allowPlaintextDatabase,
      `expected "true" or "false", got "${allowPlaintext}"`,
    );
  }
  const timeoutSeconds = readInteger(environment, ROTATION_ENVIRONMENT.connectTimeoutSeconds, DEFAULT_CONNECT_TIMEOUT_SECONDS);
  if (timeoutSeconds < 1) throw rotationErrors.invalidConfiguration(ROTATION_ENVIRONMENT.connectTimeoutSeconds, "expected at least 1");
  return {
    passwordLength,
    excludeCharacters: environment[ROTATION_ENVIRONMENT.excludeCharacters] ?? DEFAULT_EXCLUDE_CHARACTERS,
    allowPlaintextDatabase: allowPlaintext === "true",
    secretsManagerEndpoint: nonEmpty(environment[ROTATION_ENVIRONMENT.secretsManagerEndpoint]),
    databaseCa: readPem(environment, ROTATION_ENVIRONMENT.databaseCaFile),
    keyBrokerCa: readPem(environment, ROTATION_ENVIRONMENT.keyBrokerCaFile),
    connectTimeoutMs: timeoutSeconds * 1000,
    region: nonEmpty(environment.AWS_REGION) ?? nonEmpty(environment.AWS_DEFAULT_REGION),
    iamEndpoint: nonEmpty(environment[ROTATION_ENVIRONMENT.iamEndpoint]),
    stsEndpoint: nonEmpty(environment[ROTATION_ENVIRONMENT.stsEndpoint]),
  };
}

function readInteger(environment: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = nonEmpty(environment[name]);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw rotationErrors.invalidConfiguration(name, `expected an integer, got "${text}"`);
  return Number(text);
}

function readPem(environment: NodeJS.ProcessEnv, name: string): string | undefined {
  const path = nonEmpty(environment[name]);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw rotationErrors.invalidConfiguration(name, `can't read ${path}`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
