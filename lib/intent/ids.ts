/*
 * Principal and resource ids. The intent builder (from the plan) and the access model (from the
 * synthesized JSON) both name things with these functions, from values each side has on its own:
 * a cluster's host, a namespace, a mount and a role name; an account, a role name, a secret name.
 */
import { vaultClusterIdentity } from "../inventory/vault-address";

/**
 * `https://vault.acme.example:8200` -> `vault.acme.example`: the cluster's normalized identity
 * (lib/inventory/vault-address.ts), so `https://VAULT.acme.example` is the same cluster.
 */
export function vaultCluster(address: string): string {
  return (
    vaultClusterIdentity(address)?.key ??
    address
      .replace(/^[a-z]+:\/\//i, "")
      .replace(/\/+$/, "")
      .toLowerCase()
  );
}

/** Joins namespace parts, dropping empty ones and stray slashes; "root" is the root namespace (""). */
export function joinNamespace(...parts: readonly (string | undefined)[]): string {
  return parts
    .flatMap((part) => (part ?? "").split("/"))
    .filter((segment) => segment !== "" && segment !== "root")
    .join("/");
}

function vaultPrefix(cluster: string, namespace: string): string {
  return namespace === "" ? `vault:${cluster}/` : `vault:${cluster}/${namespace}/`;
}

export const principalIds = {
  vaultAuthRole: (cluster: string, namespace: string, mount: string, role: string) =>
    `${vaultPrefix(cluster, namespace)}auth/${trimSlashes(mount)}/role/${role}`,
  vaultGroup: (cluster: string, namespace: string, group: string) => `${vaultPrefix(cluster, namespace)}identity/group/${group}`,
  /**
   * A role's id is its ARN without the IAM path: role names are unique in an account, and the path
   * (`/<organization>/<environment>/`) is an attribute the evaluation uses, not an identity.
   */
  iamRole: (partition: string, accountId: string, roleName: string) => `arn:${partition}:iam::${accountId}:role/${roleName}`,
};

export const resourceIds = {
  vaultPath: (cluster: string, namespace: string, path: string) => `${vaultPrefix(cluster, namespace)}${trimSlashes(path)}`,
};

/** Secrets Manager appends 6 random characters to a secret's ARN; the analysis uses a fixed fake suffix. */
export const SYNTHETIC_SECRET_SUFFIX = "AbCdEf";

export function syntheticSecretArn(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${name}-${SYNTHETIC_SECRET_SUFFIX}`;
}

/** `arn:aws:iam::1:role/a/b/name` -> `arn:aws:iam::1:role/name` (see principalIds.iamRole). */
export function canonicalRoleArn(arn: string): string {
  const match = /^arn:([^:]+):iam::(\d*):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match ? principalIds.iamRole(match[1], match[2], match[3]) : arn;
}

export function partitionOf(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, "");
}
