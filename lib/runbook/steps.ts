import { vaultNames } from "../plan/names";
import type { CredentialPlan, EnvironmentPlan } from "../plan/types";
import type { Connector } from "../spec/model";

/*
 * The commands of a runbook, per credential kind and environment: pure text from the plan, so a
 * runbook names the same paths and secrets that synth creates.
 */

export interface Steps {
  readonly revoke: readonly string[];
  readonly reissue: readonly string[];
  readonly check: readonly string[];
}

const code = (command: string) => `\`${command}\``;

/** `VAULT_ADDR=... VAULT_NAMESPACE=...` prefix of every Vault command of the environment. */
export function vaultEnv(env: EnvironmentPlan): string {
  const vault = env.vault!;
  return `VAULT_ADDR=${vault.address}${vault.namespace ? ` VAULT_NAMESPACE=${vault.namespace}` : ""}`;
}

function consumersOf(env: EnvironmentPlan, credential: CredentialPlan) {
  return env.serviceAccounts.filter((account) => account.grants.some((grant) => grant.credentialId === credential.id));
}

export function stepsFor(connector: Connector, credential: CredentialPlan, env: EnvironmentPlan, inventoryFile: string): Steps {
  const revoke: string[] = [];
  const reissue: string[] = [];
  const check: string[] = [];
  const seed = `<new value> | etl-secrets seed ${inventoryFile} ${connector.id} --env ${env.name}${credential.name === "main" ? "" : ` --credential ${credential.name}`} --overwrite`;
  const issuer = `Ask the issuer (${connector.system}) to revoke the old value and issue a new one; only the issuer can invalidate it.`;
  const consumers = consumersOf(env, credential);

  if (credential.store === "vault" && env.vault) {
    const prefix = vaultEnv(env);
    const m = env.vault.mounts;
    const c = credential.credential;
    const storedInKv = () => {
      revoke.push(issuer);
      revoke.push(`Destroy the leaked version(s) in KV (keeps the history, removes the value): ${code(`${prefix} vault kv destroy -mount=${m.kv} -versions=<n> ${credential.vault!.key}`)}`);
      reissue.push(`Write the new value as a new KV version: ${code(seed)}`);
    };
    switch (c.type) {
      case "dynamic-database":
        for (const consumer of consumers) {
          revoke.push(`Revoke every lease issued to ${consumer.id}: ${code(`${prefix} vault lease revoke -prefix ${m.database}/creds/${vaultNames.databaseRole(connector.id, credential.name, consumer.id)}`)}`);
        }
        revoke.push(`Rotate the root credential Vault uses for the connection (the old one may be known): ${code(`${prefix} vault write -f ${m.database}/rotate-root/${vaultNames.databaseConnection(connector.id, credential.name)}`)}`);
        reissue.push("Nothing to reissue: consumers get new credentials on their next read once the quarantine is lifted.");
        check.push(`No lease left: ${code(`${prefix} vault list sys/leases/lookup/${m.database}/creds/`)} shows no ${connector.id}-${credential.name}-* role with leases.`);
        break;
      case "rotated-password":
        revoke.push(`Rotate the static role's password now: ${code(`${prefix} vault write -f ${m.database}/rotate-role/${vaultNames.staticRole(connector.id, credential.name)}`)}`);
        reissue.push("Nothing to reissue: Vault set a new password; consumers read it on their next request.");
        break;
      case "certificate":
        revoke.push(`Revoke each issued certificate by serial: ${code(`${prefix} vault write ${m.pki}/revoke serial_number=<serial>`)} (serials: ${code(`${prefix} vault list ${m.pki}/certs`)}).`);
        revoke.push(`Then tidy: ${code(`${prefix} vault write ${m.pki}/tidy tidy_cert_store=true tidy_revoked_certs=true safety_buffer=72h`)}`);
        reissue.push(`Consumers request new certificates from ${code(`${m.pki}/issue/${vaultNames.pkiRole(connector.id, credential.name)}`)} once the quarantine is lifted.`);
        check.push(`The CRL lists the serials: ${code(`${prefix} vault read ${m.pki}/cert/crl`)}.`);
        break;
      case "ssh-key":
        if (c.mode === "signed-certificate") {
          revoke.push(`Signed certificates cannot be revoked one by one; they expire after their TTL (${c.ttl ?? "the class default"}). The quarantine stops new signatures; remove the principal on the hosts if it must stop at once.`);
          reissue.push("Consumers request new signatures once the quarantine is lifted.");
        } else storedInKv();
        break;
      case "cloud-access-key":
        if (c.mode === "dynamic") {
          revoke.push(`Revoke every key Vault issued: ${code(`${prefix} vault lease revoke -prefix ${c.provider === "aws" ? m.aws : m.gcp}/creds/${vaultNames.cloudRole(connector.id, credential.name)}`)}`);
          reissue.push("Nothing to reissue: Vault issues new keys on the next read.");
        } else storedInKv();
        break;
      case "cloud-service-account-key":
        if (c.mode === "dynamic") {
          revoke.push(`Revoke every key Vault issued: ${code(`${prefix} vault lease revoke -prefix ${m.gcp}/roleset/${vaultNames.cloudRole(connector.id, credential.name)}`)}`);
          reissue.push("Nothing to reissue: Vault issues new keys on the next read.");
        } else storedInKv();
        break;
      default:
        storedInKv();
        break;
    }
    for (const consumer of consumers.filter((a) => a.auth.method === "approle")) {
      revoke.push(
        `Destroy ${consumer.id}'s AppRole secret ids (list the accessors with ${code(`${prefix} vault list auth/${m.approle}/role/${consumer.id}/secret-id`)}): ${code(`${prefix} vault write auth/${m.approle}/role/${consumer.id}/secret-id-accessor/destroy secret_id_accessor=<accessor>`)}`,
      );
    }
    const path = credential.vault!.storedInKv ? credential.vault!.dataPath : `${m.database}/creds/${connector.id}-${credential.name}`;
    check.push(
      `Vault audit log: who read it since the suspected leak: ${code(`jq -c 'select(.request.path | startswith("${path}"))${env.vault.namespace ? ` | select(.request.namespace.path == "${env.vault.namespace}/")` : ""} | {time, type, path: .request.path, entity: .auth.entity_id, remote: .request.remote_address}' <audit log>`)}`,
    );
    return { revoke, reissue, check };
  }

  if (credential.aws && env.aws) {
    const region = `--region ${env.aws.region}`;
    const name = credential.aws.secretName;
    if (credential.type === "cloud-role") {
      const roleName = (credential.credential as { roleName?: string }).roleName ?? "<the connector's role>";
      revoke.push(`Revoke the role's active sessions (the console's "Revoke active sessions"): ${code(`aws iam put-role-policy --role-name ${roleName} --policy-name AWSRevokeOlderSessions --policy-document file://revoke-older-sessions.json`)} with a Deny of "*" when aws:TokenIssueTime is before now.`);
      revoke.push("If the external id leaked, ask the vendor for a new one and update the inventory.");
      reissue.push("Nothing stored to reissue: the quarantine removes the trust; lifting it restores it.");
      check.push(`CloudTrail: ${code(`aws cloudtrail lookup-events ${region} --lookup-attributes AttributeKey=ResourceName,AttributeValue=${roleName}`)} (AssumeRole calls and their source IPs).`);
      return { revoke, reissue, check };
    }
    revoke.push(
      `Deny every read at once with a resource policy (break-glass excepted): ${code(`aws secretsmanager put-resource-policy ${region} --secret-id ${name} --resource-policy file://deny-reads.json --block-public-policy`)}`,
    );
    if (credential.rotation.mode === "secrets-manager" || credential.rotation.mode === "broker") {
      revoke.push(`Rotate now (the rotation function replaces the value and, for key brokers, revokes the old key): ${code(`aws secretsmanager rotate-secret ${region} --secret-id ${name}`)}`);
      revoke.push(`If a rotation is stuck (AWSPENDING left behind) or runs with a compromised value: ${code(`aws secretsmanager cancel-rotate-secret ${region} --secret-id ${name}`)}, then rotate again.`);
      reissue.push(`Rotation made the new value. Check it: ${code(`aws secretsmanager describe-secret ${region} --secret-id ${name} --query VersionIdsToStages`)}`);
    } else {
      revoke.push(issuer);
      reissue.push(`Write the new value as a new version: ${code(seed)}`);
    }
    check.push(
      `CloudTrail: every read of the secret: ${code(`aws cloudtrail lookup-events ${region} --lookup-attributes AttributeKey=ResourceName,AttributeValue=${name}`)}; look for GetSecretValue by principals other than ${consumers.map((a) => a.id).join(", ") || "its consumers"}.`,
    );
    check.push(`No reads denied to legitimate consumers after the lift: ${code(`aws cloudtrail lookup-events ${region} --lookup-attributes AttributeKey=EventName,AttributeValue=GetSecretValue`)} (errorCode AccessDenied).`);
  }
  return { revoke, reissue, check };
}
