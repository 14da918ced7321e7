/* Trust of the roles the AWS plan creates: OIDC trust of a jwt consumer, and the key that dedupes and orders trusts. */
import type { ConsumerAuth } from "../../inventory/model";
import { awsNames, oidcProviderHost } from "../names";
import type { AwsTrustPlan } from "../aws-types";
import { sorted } from "./lazy";

export type JwtAuth = Extract<ConsumerAuth, { method: "jwt" }>;

export function audiences(auth: JwtAuth): string[] {
  return sorted(Array.isArray(auth.audience) ? auth.audience : [auth.audience]);
}

export function oidcTrust(partition: string, accountId: string, auth: JwtAuth): AwsTrustPlan {
  return {
    kind: "oidc",
    providerArn: awsNames.oidcProviderArn(partition, accountId, auth.issuer),
    providerHost: oidcProviderHost(auth.issuer),
    subject: auth.subject,
    audiences: audiences(auth),
  };
}

export function trustKey(trust: AwsTrustPlan): string {
  switch (trust.kind) {
    case "service":
      return `service:${trust.service}`;
    case "account":
      return trust.principalTags
        ? `account:${trust.accountId}:${JSON.stringify(Object.entries(trust.principalTags).sort())}`
        : `account:${trust.accountId}`;
    case "oidc":
      return `oidc:${trust.providerHost}:${trust.subject}`;
    case "consumer-role":
      return `consumer-role:${trust.consumerId}`;
  }
}
