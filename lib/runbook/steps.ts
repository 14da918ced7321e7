import { vaultNames, vaultPaths } from "../plan/names";
import { credentialSource } from "../policy/vault/credential-paths";
import type { CredentialPlan, EnvironmentPlan } from "../plan/types";
import type { Connector } from "../inventory/model";

/*
 * The commands of a runbook, per credential kind and environment: pure text from the plan, so a
 * runbook names the same paths and secrets that synth creates.
 */

/** Sid of the statement the runbook adds to a secret's resource policy in an emergency. */
export const EMERGENCY_SID = "EmergencyDenyReads";

/** jq program building the "revoke older sessions" policy, with `$now` the time of revocation. */
const REVOKE_OLDER_SESSIONS_JQ =
  '{Version:"2012-10-17",Statement:[{Effect:"Deny",Action:"*",Resource:"*",Condition:{DateLessThan:{"aws:TokenIssueTime":$now}}}]}';

/**
 * The emergency deny of a secret's reads: everyone but the functions that must keep reading it, by
 * exact ARN (IAM path included, as aws:PrincipalArn reports it): the rotation function that
 * rotates it and the alternating-users functions that read it as their master. People included:
 * as under quarantine, break-glass may replace and rotate the value (put, rotate), never read it.
 */
function emergencyDenyStatement(env: EnvironmentPlan, credential: CredentialPlan): Record<string, unknown> {
  const aws = env.aws!;
  const roleArn = (roleName: string) => `arn:${aws.partition}:iam::${aws.accountId}:role${aws.iamPath}${roleName}`;
  const secret = aws.secrets.find((s) => s.credentialId === credential.id);
  const targets = [...(secret?.rotation ? [secret.rotation.target] : []), ...(secret?.masterOf ?? [])];
  const keep = aws.rotationFunctions
    .filter((fn) => targets.includes(fn.target))
    .map((fn) => roleArn(fn.roleName))
    .sort();
  return {
    Sid: EMERGENCY_SID,
    Effect: "Deny",
    Principal: "*",
    Action: "secretsmanager:GetSecretValue",
    Resource: "*",
    ...(keep.length > 0 ? { Condition: { ArnNotEquals: { "aws:PrincipalArn": keep } } } : {}),
  };
}

/**
 * The API path (or path prefix, for per-consumer roles) where a Vault credential's value is
 * obtained: what the audit log records for every read of it.
 */
function auditPathPrefix(env: EnvironmentPlan, credential: CredentialPlan): string | undefined {
  const m = env.vault!.mounts;
  const { connectorId: connector, name } = credential;
  switch (credentialSource(credential)) {
    case "kv":
      return credential.vault!.dataPath;
    case "database-dynamic":
      // Consumers' roles `<connector>-<credential>-<consumer>` and the people's `..._operator`.
      return vaultPaths.databaseCreds(m.database, vaultNames.databaseConnection(connector, name));
    case "database-static":
      return vaultPaths.databaseStaticCreds(m.database, vaultNames.staticRole(connector, name));
    case "pki":
      return vaultPaths.pkiIssue(m.pki, vaultNames.pkiRole(connector, name));
    case "ssh-signed":
      // Per-consumer roles `<connector>-<credential>-<consumer>`.
      return vaultPaths.sshSign(m.ssh, `${connector}-${name}`);
    case "aws-dynamic":
      return vaultPaths.awsCreds(m.aws, vaultNames.cloudRole(connector, name));
    case "gcp-dynamic":
      return `${m.gcp}/roleset/${vaultNames.cloudRole(connector, name)}`;
    case "none":
      return undefined;
  }
}

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

// long-function: the revoke, reissue and check steps of one credential, branch by store and credential type, in the order the runbook prints them; the branches share the three step lists
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
      revoke.push(
        `Destroy the leaked version(s) in KV (keeps the history, removes the value): ${code(`${prefix} vault kv destroy -mount=${m.kv} -versions=<n> ${credential.vault!.key}`)}`,
      );
      reissue.push(`Write the new value as a new KV version: ${code(seed)}`);
    };
    switch (c.type) {
      case "dynamic-database":
        for (const consumer of consumers) {
          revoke.push(
            `Revoke every lease issued to ${consumer.id}: ${code(`${prefix} vault lease revoke -prefix ${m.database}/creds/${vaultNames.databaseRole(connector.id, credential.name, consumer.id)}`)}`,
          );
        }
        revoke.push(
          `Rotate the root credential Vault uses for the connection (the old one may be known): ${code(`${prefix} vault write -f ${m.database}/rotate-root/${vaultNames.databaseConnection(connector.id, credential.name)}`)}`,
        );
        reissue.push("Nothing to reissue: consumers get new credentials on their next read once the quarantine is lifted.");
        check.push(
          `No lease left: ${code(`${prefix} vault list sys/leases/lookup/${m.database}/creds/`)} shows no ${connector.id}-${credential.name}-* role with leases.`,
        );
        break;
      case "rotated-password":
        revoke.push(
          `Rotate the static role's password now: ${code(`${prefix} vault write -f ${m.database}/rotate-role/${vaultNames.staticRole(connector.id, credential.name)}`)}`,
        );
        reissue.push("Nothing to reissue: Vault set a new password; consumers read it on their next request.");
        break;
      case "certificate":
        revoke.push(
          `Revoke each issued certificate by serial: ${code(`${prefix} vault write ${m.pki}/revoke serial_number=<serial>`)} (serials: ${code(`${prefix} vault list ${m.pki}/certs`)}).`,
        );
        revoke.push(
          `Then tidy: ${code(`${prefix} vault write ${m.pki}/tidy tidy_cert_store=true tidy_revoked_certs=true safety_buffer=72h`)}`,
        );
        reissue.push(
          `Consumers request new certificates from ${code(`${m.pki}/issue/${vaultNames.pkiRole(connector.id, credential.name)}`)} once the quarantine is lifted.`,
        );
        check.push(`The CRL lists the serials: ${code(`${prefix} vault read ${m.pki}/cert/crl`)}.`);
        break;
      case "ssh-key":
        if (c.mode === "signed-certificate") {
          revoke.push(
            `Signed certificates cannot be revoked one by one; they expire after their TTL (${c.ttl ?? "the class default"}). The quarantine stops new signatures; remove the principal on the hosts if it must stop at once.`,
          );
          reissue.push("Consumers request new signatures once the quarantine is lifted.");
        } else storedInKv();
        break;
      case "cloud-access-key":
        if (c.mode === "dynamic") {
          revoke.push(
            `Revoke every key Vault issued: ${code(`${prefix} vault lease revoke -prefix ${c.provider === "aws" ? m.aws : m.gcp}/creds/${vaultNames.cloudRole(connector.id, credential.name)}`)}`,
          );
          reissue.push("Nothing to reissue: Vault issues new keys on the next read.");
        } else storedInKv();
        break;
      case "cloud-service-account-key":
        if (c.mode === "dynamic") {
          revoke.push(
            `Revoke every key Vault issued: ${code(`${prefix} vault lease revoke -prefix ${m.gcp}/roleset/${vaultNames.cloudRole(connector.id, credential.name)}`)}`,
          );
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
    const path = auditPathPrefix(env, credential);
    if (path)
      check.push(
        `Vault audit log: who read it since the suspected leak: ${code(`jq -c 'select(.request.path | startswith("${path}"))${env.vault.namespace ? ` | select(.request.namespace.path == "${env.vault.namespace}/")` : ""} | {time, type, path: .request.path, entity: .auth.entity_id, remote: .request.remote_address}' <audit log>`)}`,
      );
    return { revoke, reissue, check };
  }

  if (credential.aws && env.aws) {
    const region = `--region ${env.aws.region}`;
    const name = credential.aws.secretName;
    if (credential.type === "cloud-role") {
      const roleName = env.aws.cloudRoles.find((role) => role.credentialId === credential.id)?.roleName ?? "<the connector's role>";
      revoke.push(
        `Revoke the role's active sessions (what the console's "Revoke active sessions" does: an inline policy denying everything to sessions issued before now; it leaves the Terraform-managed policies alone): ${code(
          `aws iam put-role-policy --role-name ${roleName} --policy-name AWSRevokeOlderSessions --policy-document "$(jq -nc --arg now "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '${REVOKE_OLDER_SESSIONS_JQ}')"`,
        )}`,
      );
      revoke.push("If the external id leaked, ask the vendor for a new one and update the inventory.");
      reissue.push("Nothing stored to reissue: the quarantine removes the trust; lifting it restores it.");
      check.push(
        `CloudTrail: ${code(`aws cloudtrail lookup-events ${region} --lookup-attributes AttributeKey=ResourceName,AttributeValue=${roleName}`)} (AssumeRole calls and their source IPs).`,
      );
      return { revoke, reissue, check };
    }
    const file = `emergency-deny-${name.replace(/[^A-Za-z0-9_.-]+/g, "-")}.json`;
    const statement = JSON.stringify(emergencyDenyStatement(env, credential));
    revoke.push(
      `Deny every read at once, people's included (only the rotation functions that need the value keep reading it; break-glass may still put and rotate): add the named statement ${EMERGENCY_SID} to the secret's current, Terraform-managed resource policy, keeping every statement it has: ${code(
        `aws secretsmanager get-resource-policy ${region} --secret-id ${name} --query ResourcePolicy --output text | jq '.Statement |= (map(select(.Sid != "${EMERGENCY_SID}")) + [${statement}])' > ${file} && aws secretsmanager put-resource-policy ${region} --secret-id ${name} --resource-policy file://${file} --block-public-policy`,
      )}. Terraform's next apply replaces the document with the managed one: apply the quarantine (step 2) next, which keeps the consumers denied.`,
    );
    if (credential.rotation.mode === "secrets-manager" || credential.rotation.mode === "broker") {
      const rotate = code(`aws secretsmanager rotate-secret ${region} --secret-id ${name}`);
      const stages = code(`aws secretsmanager describe-secret ${region} --secret-id ${name} --query VersionIdsToStages`);
      const c = credential.credential;
      if (c.type === "rotated-password" && c.strategy === "alternating-users") {
        revoke.push(
          `Rotate twice: alternating users change the password of the user that is not current, and the previous user keeps its password (AWSPREVIOUS) until the rotation after next, so one rotation leaves a leaked current password valid. First: ${rotate}`,
        );
        revoke.push(`Wait until the first rotation finished (no version labelled AWSPENDING; the other user is AWSCURRENT): ${stages}`);
        revoke.push(`Then rotate again, which sets a new password on the leaked user: ${rotate}`);
      } else {
        revoke.push(`Rotate now (the rotation function replaces the value and, for key brokers, revokes the old key): ${rotate}`);
      }
      revoke.push(
        `If a rotation is stuck (AWSPENDING left behind) or runs with a compromised value: ${code(`aws secretsmanager cancel-rotate-secret ${region} --secret-id ${name}`)}, then rotate again.`,
      );
      reissue.push(
        `Rotation made the new value. Check it: ${code(`aws secretsmanager describe-secret ${region} --secret-id ${name} --query VersionIdsToStages`)}`,
      );
    } else {
      revoke.push(issuer);
      reissue.push(
        `Write the new value as a new version, as a principal tagged \`environment: ${env.name}\`${env.aws.breakGlass ? " (the break-glass role in production)" : ""}: the secret's policy denies the value to untagged principals. ${code(seed)}`,
      );
    }
    check.push(
      `CloudTrail: every read of the secret: ${code(`aws cloudtrail lookup-events ${region} --lookup-attributes AttributeKey=ResourceName,AttributeValue=${name}`)}; look for GetSecretValue by principals other than ${consumers.map((a) => a.id).join(", ") || "its consumers"}.`,
    );
    check.push(
      `No reads denied to legitimate consumers after the lift: ${code(`aws cloudtrail lookup-events ${region} --lookup-attributes AttributeKey=EventName,AttributeValue=GetSecretValue`)} (errorCode AccessDenied).`,
    );
  }
  return { revoke, reissue, check };
}
