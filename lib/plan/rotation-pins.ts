import { ROTATION_PIN_TAGS, type SslMode } from "../rotation/contract";
import type { Connector } from "../inventory/model";
import type { CredentialPlan } from "./types";

/**
 * The tags that pin what a Secrets Manager rotation function may act on for one database secret
 * (lib/rotation/README.md, "Pins"): the declared user, host, port, database and the weakest TLS
 * mode. Terraform owns them; no writer of the value may tag the secret, so a value can't move its
 * own rotation to another user or server. A credential without a declared user gets no user pin,
 * and the function refuses to rotate it (validation warns: rotation-user-undeclared).
 */
export function rotationPinTags(
  credential: CredentialPlan["credential"],
  system: Connector["system"],
  rotation: CredentialPlan["rotation"],
): Record<string, string> {
  if (credential.type !== "rotated-password" || rotation.mode !== "secrets-manager") return {};
  const postgres = system === "postgresql";
  const { database } = credential;
  const tls: SslMode = credential.allowPlaintext === true ? "disable" : (credential.tls ?? "verify-full");
  return {
    ...(database.username !== undefined ? { [ROTATION_PIN_TAGS.user]: database.username } : {}),
    [ROTATION_PIN_TAGS.host]: database.host,
    [ROTATION_PIN_TAGS.port]: String(database.port ?? (postgres ? 5432 : 3306)),
    [ROTATION_PIN_TAGS.database]: database.name ?? (postgres ? "postgres" : ""),
    [ROTATION_PIN_TAGS.tls]: tls,
  };
}
