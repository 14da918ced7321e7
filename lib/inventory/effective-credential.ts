import { shown } from "./display";
import type { Connector, Credential } from "./model";
import { deepMerge } from "./cross-field/credentials";
import { credentialSchema, MAIN_CREDENTIAL } from "./schema/credential";

/**
 * A credential as it is in one environment: the connector's credential with that environment's
 * override merged over it (validation has already proven the merge valid).
 */
export function effectiveCredential(connector: Connector, name: string, environment: string): Credential {
  const base = connector.credentials[name];
  const override = connector.environments[environment];
  if (!base || !override) throw new Error(`connector ${shown(connector.id)} has no credential ${shown(name)} in ${shown(environment)}`);
  // Most environments override nothing (`prod: {}`).
  if (Object.keys(override).length === 0) return base;
  const { credentials: named, ...mainFields } = override;
  const fields = { ...(name === MAIN_CREDENTIAL ? mainFields : {}), ...((named?.[name] as Record<string, unknown>) ?? {}) };
  if (Object.keys(fields).length === 0) return base;
  return credentialSchema.parse(deepMerge(base as unknown as Record<string, unknown>, fields));
}
