import { inventoryWith, type Doc } from "./inventory/base-inventory";

/*
 * The base inventory of the rule tests with one declared boundary crossing: billing-mysql (AWS, in
 * dev and prod) gets a cloud role `landing`, and prod's override makes it trust the dev account.
 */
export const DEV_ACCOUNT = "111111111111";
export const PROD_ACCOUNT = "222222222222";

/** The exception that names exactly that crossing; `fields` change it. */
export function devTrustException(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "prod-landing-trusts-dev",
    boundary: "cross-environment-trust",
    connector: "billing-mysql",
    credential: "landing",
    environment: "prod",
    target: DEV_ACCOUNT,
    reason: "dev's replay job reads the prod landing bucket until the migration ends",
    requestedBy: "orders-team",
    approvedBy: "security",
    expires: "2026-12-31",
    ...fields,
  };
}

/** The inventory document with those exceptions (none: the crossing is undeclared). */
export function prodTrustsDev(exceptions: readonly Record<string, unknown>[] = [devTrustException()], mutate?: (d: Doc) => void): Doc {
  return inventoryWith((d) => {
    d.owners.push({ id: "security", name: "Security", email: "security@acme.example" });
    d.connectors[1].credentials = {
      main: d.connectors[1].credential,
      landing: { type: "cloud-role", provider: "aws", allow: { "s3:GetObject": ["arn:aws:s3:::acme-landing/*"] } },
    };
    delete d.connectors[1].credential;
    d.connectors[1].environments.prod = { credentials: { landing: { trustedAccount: DEV_ACCOUNT } } };
    d.exceptions = exceptions;
    mutate?.(d);
  });
}
