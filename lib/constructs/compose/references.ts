import { quoted, shown } from "../../inventory/display";
import type { CredentialPlan, EnvironmentPlan } from "../../plan/types";
import type { EnvironmentParts } from "./environment-parts";

/** A credential's Secrets Manager secret. Tokens: using one makes Terraform order the apply. */
export interface EtlSecretReference {
  /** ARN of the secret (`${aws_secretsmanager_secret.<name>.arn}`). */
  readonly secretArn: string;
  /** Name of the secret (`<organization>/<environment>/<connector>/<credential>`), as a token of the secret. */
  readonly secretName: string;
}

/** Where a credential's value lives in Vault's KV v2 store. */
export interface EtlKvSecretReference {
  /** The KV mount's path (a token of the mount). */
  readonly mount: string;
  /** The key inside the mount: `connectors/<connector>/<credential>`. */
  readonly path: string;
  /** `<mount>/data/<path>`: the API path a consumer reads and its policy grants. */
  readonly dataPath: string;
}

/** The Vault auth role a consumer logs in with. */
export interface EtlVaultRoleReference {
  readonly method: "approle" | "jwt" | "kubernetes" | "aws-iam";
  /** The auth mount's path (a token of the role's backend). */
  readonly authMount: string;
  /** The role's name (a token of the role). */
  readonly roleName: string;
}

/** A consumer's IAM role (created by the library, or an existing one it only grants). */
export interface EtlIamRoleReference {
  readonly roleArn: string;
  readonly roleName: string;
}

/** A reference asked for an id the environment does not have; names the known ones, never secret text. */
export class UnknownReferenceError extends Error {
  constructor(
    message: string,
    /** The ids that would have been found. */
    readonly known: readonly string[],
  ) {
    super(message);
    this.name = "UnknownReferenceError";
  }
}

/**
 * Typed references to what one environment synthesized, found by spec id: a credential's secret
 * and KV path, a consumer's Vault auth role and IAM role. Each value is a token of the resource (or
 * a literal where the library creates nothing, as an existing role's ARN), so a team's own resource
 * that uses it depends on the library's. An unknown id throws UnknownReferenceError at once,
 * naming the ids this environment knows.
 */
export class EtlSecretsReferences {
  private kvCache?: ReadonlyMap<string, CredentialPlan>;

  constructor(
    /** Who is asked (construct path), for errors. */
    private readonly owner: string,
    private readonly plan: EnvironmentPlan,
    private readonly parts: EnvironmentParts,
  ) {}

  /** Credential ids (`<connector>/<credential>`) with a Secrets Manager secret here. Sorted. */
  get secretIds(): readonly string[] {
    return [...(this.parts.aws?.secrets.keys() ?? [])].sort();
  }

  /** Credential ids whose value lives in the Vault KV store here. Sorted. */
  get kvSecretIds(): readonly string[] {
    return [...this.kvCredentials().keys()];
  }

  /** Consumer ids with a Vault auth role here. Sorted. */
  get vaultRoleIds(): readonly string[] {
    return [...(this.parts.vault?.serviceAccounts.entries() ?? [])]
      .filter(([, account]) => account.authRole)
      .map(([id]) => id)
      .sort();
  }

  /** Consumer ids with an IAM role here. Sorted. */
  get consumerRoleIds(): readonly string[] {
    return [...(this.parts.aws?.consumerRoles.keys() ?? [])].sort();
  }

  /**
   * The environment's paging topic (critical rotation reminders), when it has one: people and
   * integrations subscribe to it outside Terraform.
   */
  get pagingTopic(): { readonly environment: string; readonly topicArn: string } | undefined {
    const topic = this.parts.aws?.reminders.paging?.topic;
    return topic ? { environment: this.plan.name, topicArn: topic.arn } : undefined;
  }

  /**
   * The environment's alarm topic (detection, anomaly and function alarms, rotation failures), when
   * it has one: on-call tools subscribe to it outside Terraform, so no integration key is in state.
   */
  get alarmTopic(): { readonly environment: string; readonly topicArn: string } | undefined {
    const topic = this.parts.aws?.detection?.alarmTopic;
    return topic ? { environment: this.plan.name, topicArn: topic.arn } : undefined;
  }

  /** The Secrets Manager secret of a credential (`connector`, `credential` name). */
  secret(connectorId: string, credentialName: string): EtlSecretReference {
    const id = `${connectorId}/${credentialName}`;
    const secret = this.parts.aws?.secrets.get(id);
    if (!secret) throw this.unknown("Secrets Manager secret", "credential", [connectorId, credentialName], this.secretIds);
    return { secretArn: secret.arn, secretName: secret.resource.name };
  }

  /** Where a credential's value lives in Vault's KV store. */
  kvSecret(connectorId: string, credentialName: string): EtlKvSecretReference {
    const id = `${connectorId}/${credentialName}`;
    const credential = this.kvCredentials().get(id);
    const kv = this.parts.vault?.kv;
    if (!credential?.vault || !kv) throw this.unknown("Vault KV secret", "credential", [connectorId, credentialName], this.kvSecretIds);
    const mount = kv.mount.mount.path;
    return { mount, path: credential.vault.key, dataPath: `${mount}/data/${credential.vault.key}` };
  }

  /** The Vault auth role of a consumer. */
  vaultRole(consumerId: string): EtlVaultRoleReference {
    const role = this.parts.vault?.serviceAccounts.get(consumerId)?.authRole;
    if (!role) throw this.unknown("Vault auth role", "consumer", [consumerId], this.vaultRoleIds);
    return { method: role.method, authMount: role.mount, roleName: role.roleName };
  }

  /** The IAM role of a consumer of AWS-stored credentials. */
  consumerRole(consumerId: string): EtlIamRoleReference {
    const role = this.parts.aws?.consumerRoles.get(consumerId);
    if (!role) throw this.unknown("IAM consumer role", "consumer", [consumerId], this.consumerRoleIds);
    return { roleArn: role.roleArn, roleName: role.role ? role.role.name : role.roleName };
  }

  /**
   * The credentials stored in the KV store here, by id in id order: computed once (the parts are
   * complete when references are made), so asking for each of n secrets costs n, not n².
   */
  private kvCredentials(): ReadonlyMap<string, CredentialPlan> {
    if (!this.kvCache) {
      const stored = new Map<string, CredentialPlan>();
      for (const c of this.plan.credentials) if (c.store === "vault" && c.vault?.storedInKv && !stored.has(c.id)) stored.set(c.id, c);
      const ids = [...(this.parts.vault?.credentialMetadata.keys() ?? [])].filter((id) => stored.has(id)).sort();
      this.kvCache = new Map(ids.map((id) => [id, stored.get(id)!]));
    }
    return this.kvCache;
  }

  private unknown(what: string, kind: string, ids: readonly string[], known: readonly string[]): UnknownReferenceError {
    // Ids are shown only when they look like ids (a mistyped secret stays redacted).
    const asked = ids.map(quoted).join("/");
    const listed = known.length === 0 ? "(none)" : known.map((id) => id.split("/").map(shown).join("/")).join(", ");
    return new UnknownReferenceError(
      `${this.owner}: environment ${quoted(this.plan.name)} has no ${what} for ${kind} ${asked}; known: ${listed}`,
      known,
    );
  }
}
