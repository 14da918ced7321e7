import type { CredentialPlan } from "./types";

/*
 * Which Vault engine serves a credential's value: decided once, here, for the names the plan
 * derives (the identity catalogue) and the paths the policies grant (lib/policy/vault).
 */

export type CredentialSource =
  "kv" | "database-dynamic" | "database-static" | "pki" | "ssh-signed" | "aws-dynamic" | "gcp-dynamic" | "none";

/** Where the value of a Vault credential comes from. */
export function credentialSource(credential: CredentialPlan): CredentialSource {
  const spec = credential.credential;
  switch (spec.type) {
    case "dynamic-database":
      return "database-dynamic";
    case "rotated-password":
      return credential.rotation.mode === "vault-static-role" ? "database-static" : "kv";
    case "certificate":
      return "pki";
    case "ssh-key":
      return spec.mode === "signed-certificate" ? "ssh-signed" : "kv";
    case "cloud-access-key":
      if (spec.mode !== "dynamic") return "kv";
      return spec.provider === "aws" ? "aws-dynamic" : spec.provider === "gcp" ? "gcp-dynamic" : "none";
    case "cloud-service-account-key":
      return spec.mode === "dynamic" ? "gcp-dynamic" : "kv";
    case "cloud-role":
      return "none";
    default:
      return "kv";
  }
}
