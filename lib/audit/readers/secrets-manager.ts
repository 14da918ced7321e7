import type { AccessRecord, Observations, StoreItem, Unknown } from "../types";

/*
 * Reads one environment's secrets as the auditor role may: ListSecrets under `<org>/<env>/`
 * (CreatedDate, LastRotatedDate, LastAccessedDate: Secrets Manager omits the last one for a secret
 * never retrieved, truncated to the day) and ListSecretVersionIds for the AWSCURRENT version's
 * CreatedDate (the last value change: LastChangedDate also moves on tag and description edits).
 * Never GetSecretValue. The SDK is the one the library already depends on, loaded lazily.
 */

export interface SecretsManagerAuditTarget {
  readonly region: string;
  /** `<org>/<env>/` */
  readonly namePrefix: string;
  /** An endpoint override (tests: moto). */
  readonly endpoint?: string;
  /** Credentials (the assumed auditor session); default: the SDK's default chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

const iso = (date: Date | undefined) => (date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined);

export async function readSecretsManagerObservations(target: SecretsManagerAuditTarget): Promise<Observations> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, so a command loads only the modules it uses (start-up time)
  const sdk = require("@aws-sdk/client-secrets-manager") as typeof import("@aws-sdk/client-secrets-manager");
  const client = new sdk.SecretsManagerClient({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(target.credentials ? { credentials: { ...target.credentials } } : {}),
  });
  const items: StoreItem[] = [];
  const accesses: AccessRecord[] = [];
  const unreadable: Unknown[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(
        new sdk.ListSecretsCommand({ Filters: [{ Key: "name", Values: [target.namePrefix] }], NextToken: token, MaxResults: 100 }),
      );
      for (const entry of page.SecretList ?? []) {
        const name = entry.Name;
        if (!name || !name.startsWith(target.namePrefix)) continue;
        let lastChange: string | undefined;
        try {
          let versionToken: string | undefined;
          do {
            const versions = await client.send(
              new sdk.ListSecretVersionIdsCommand({ SecretId: entry.ARN ?? name, NextToken: versionToken }),
            );
            const current = (versions.Versions ?? []).find((v) => (v.VersionStages ?? []).includes("AWSCURRENT"));
            if (current) lastChange = iso(current.CreatedDate);
            versionToken = versions.NextToken;
          } while (versionToken && !lastChange);
        } catch (error) {
          unreadable.push({ location: name, why: `ListSecretVersionIds refused (${(error as { name?: string }).name ?? "error"})` });
        }
        const created = iso(entry.CreatedDate);
        const lastRotated = iso(entry.LastRotatedDate);
        items.push({
          store: "secrets-manager",
          location: name,
          ...(created && { created }),
          ...(lastChange && { lastChange }),
          ...(lastRotated && { lastRotated }),
        });
        const accessed = iso(entry.LastAccessedDate);
        if (accessed) accesses.push({ location: name, last: accessed, source: "secrets-manager" });
      }
      token = page.NextToken;
    } while (token);
  } catch (error) {
    return {
      items: [],
      accesses: [],
      coverage: [],
      unreadable: [{ location: target.namePrefix, why: `ListSecrets refused (${(error as { name?: string }).name ?? "error"})` }],
    };
  } finally {
    client.destroy();
  }
  // LastAccessedDate is recorded for every secret: its absence means "never retrieved".
  return { items, accesses, coverage: [{ store: "secrets-manager", source: "secrets-manager" }], unreadable };
}
