import type { AwsRoleTrust, ConsumerWiring } from "./model";

/** Who an IAM role trusts, in words (ids and names only). */
export function describeTrust(trust: AwsRoleTrust | undefined): string {
  if (!trust) return "an identity the plan does not know";
  switch (trust.kind) {
    case "service":
      return `the service ${trust.service}`;
    case "account":
      return `principals of account ${trust.accountId}${trust.principalTags ? " carrying its consumer tags" : ""}`;
    case "oidc":
      return `OIDC tokens of ${trust.issuerHost} with sub ${JSON.stringify(trust.subject)}`;
  }
}

/** One note per quarantined credential: reads are denied until it is reissued. */
export function quarantineNotes(wiring: ConsumerWiring): string[] {
  return wiring.credentials.filter((c) => c.quarantined).map((c) => `${c.id}: quarantined: every read is denied until it is reissued.`);
}
