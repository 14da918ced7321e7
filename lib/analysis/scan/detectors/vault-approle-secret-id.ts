import type { RawMatch, ScanRule } from "../types";
import { rawMatch, spans } from "./match-helpers";

const ID = "etl-secrets/vault-approle-secret-id";

/**
 * An AppRole `secret_id` assigned a value: it is a UUID, so the generic rule (which leaves UUIDs
 * alone: role ids, request ids) would miss it. `secret_id_accessor` is not a secret and is not matched.
 */
export const vaultAppRoleSecretIdRule: ScanRule = {
  id: ID,
  description: "Vault AppRole secret_id values",
  find(text: string): RawMatch[] {
    const uuid = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    const pattern = new RegExp(
      String.raw`(?<![A-Za-z0-9])(?:[A-Za-z_]*_)?secret[_-]?id["']?\s*(?::|=|=>)\s*["']?(${uuid})(?![0-9a-fA-F-])`,
      "gi",
    );
    return spans(text, pattern, 1).map(({ start, end }) => rawMatch(ID, "VaultAppRoleSecretId", start, end));
  },
};
