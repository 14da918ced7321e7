import type { RawMatch, ScanRule } from "../types";
import { rawMatch, spans } from "./match-helpers";

const ID = "etl-secrets/vault-token";
const KINDS: Readonly<Record<string, string>> = { hvs: "VaultServiceToken", hvb: "VaultBatchToken", hvr: "VaultRecoveryToken" };

/**
 * Vault tokens: `hvs.` service, `hvb.` batch and `hvr.` recovery tokens (Vault 1.10+), and the
 * legacy `s.` service tokens of exactly 24 base62 characters (which mix digits and both cases).
 */
export const vaultTokenRule: ScanRule = {
  id: ID,
  description: "HashiCorp Vault tokens (hvs., hvb., hvr., legacy s.)",
  find(text: string): RawMatch[] {
    const found: RawMatch[] = [];
    for (const { start, end, match } of spans(text, /(?<![A-Za-z0-9_./-])(hv[sbr])\.[A-Za-z0-9_-]{24,}/g)) {
      found.push(rawMatch(ID, KINDS[match[1]], start, end));
    }
    for (const { start, end, match } of spans(text, /(?<![A-Za-z0-9_./-])s\.([A-Za-z0-9]{24})(?![A-Za-z0-9_./-])/g)) {
      const body = match[1];
      if (/[0-9]/.test(body) && /[a-z]/.test(body) && /[A-Z]/.test(body)) found.push(rawMatch(ID, "VaultLegacyServiceToken", start, end));
    }
    return found;
  },
};
