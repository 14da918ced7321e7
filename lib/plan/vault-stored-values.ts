/*
 * Values as the Vault/OpenBao API stores them. A stack must set each value exactly as the server
 * returns it: the hashicorp/vault provider compares the configuration with what it reads back, so a
 * value the server normalizes shows as a change on every plan, forever (a permanent drift).
 * Each function here is a drift found by the real-provider round trip (tools/live/provider-round-trip.ts,
 * issue 12 item 7); the live applier (tools/live/vault-resources.ts) compares as strictly as the provider.
 */

/**
 * An item of a list field the API parses as a comma-separated string list (`jwt_validation_pubkeys`):
 * the server trims each item's surrounding whitespace, so a PEM key that ends with a newline (as every
 * YAML block scalar and most key files do) comes back without it.
 */
export function storedListItem(text: string): string {
  return text.trim();
}
