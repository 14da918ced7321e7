import { DEFAULT_SSL_MODE, DatabaseSecret, SslMode } from "../contract";
import { rotationErrors } from "../errors";

/** How to secure one database connection, derived from the secret's `sslmode` and the function's settings. */
export type TransportSecurity =
  | { readonly encrypted: false }
  | { readonly encrypted: true; readonly verifyChain: boolean; readonly verifyHostName: boolean; readonly ca?: string };

export interface TransportSettings {
  readonly allowPlaintextDatabase: boolean;
  readonly databaseCa?: string;
}

/**
 * TLS unless the secret says `disable` AND the function is explicitly allowed plaintext. There is no
 * "prefer": a server without TLS makes the login fail instead of falling back to plaintext.
 */
export function transportSecurity(secret: DatabaseSecret, settings: TransportSettings, secretArn: string): TransportSecurity {
  const mode: SslMode = secret.sslmode ?? DEFAULT_SSL_MODE;
  if (mode === "disable") {
    if (!settings.allowPlaintextDatabase) throw rotationErrors.plaintextRefused(secretArn);
    return { encrypted: false };
  }
  return {
    encrypted: true,
    verifyChain: mode !== "require",
    verifyHostName: mode === "verify-full",
    ca: settings.databaseCa,
  };
}

/** Node TLS options for a driver. */
export function nodeTlsOptions(security: TransportSecurity & { encrypted: true }, host: string): Record<string, unknown> {
  const options: Record<string, unknown> = { rejectUnauthorized: security.verifyChain, servername: isIpAddress(host) ? undefined : host };
  if (security.ca !== undefined) options.ca = security.ca;
  if (security.verifyChain && !security.verifyHostName) options.checkServerIdentity = () => undefined;
  return options;
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}
