import { stringify } from "yaml";
import { GITHUB_ACTIONS_ISSUER, WireError, type ConsumerWiring, type WireBlock, type WireOutput } from "./model";
import { environmentVariableName } from "./ecs";
import { quarantineNotes } from "./notes";

/*
 * GitHub Actions: the job asks GitHub for an OIDC token (`permissions: id-token: write`) and
 * exchanges it: at Vault's JWT auth mount (hashicorp/vault-action, method jwt, the consumer's
 * role), or at AWS STS for the consumer's IAM role (aws-actions/configure-aws-credentials), then
 * reads the secrets (aws-actions/aws-secretsmanager-get-secrets). No stored credential: nothing to
 * put in repository secrets.
 */

export const VAULT_ACTION = "hashicorp/vault-action@v3";
export const CONFIGURE_AWS_CREDENTIALS = "aws-actions/configure-aws-credentials@v4";
export const SECRETS_MANAGER_GET_SECRETS = "aws-actions/aws-secretsmanager-get-secrets@v2";

export interface GithubActionsWiring {
  readonly permissions: Readonly<Record<string, string>>;
  readonly steps: readonly Record<string, unknown>[];
  /** The `sub` the token must carry (the workflow's repository and ref). */
  readonly subject: string;
  readonly skipped: readonly { readonly credentialId: string; readonly reason: string }[];
}

function isGithubIssuer(issuer: string): boolean {
  return issuer.replace(/\/+$/, "") === GITHUB_ACTIONS_ISSUER;
}

export function githubActionsWire(wiring: ConsumerWiring): WireOutput<GithubActionsWiring> {
  if (wiring.auth !== "jwt") {
    throw new WireError(
      "target-does-not-fit",
      `--for github-actions needs a consumer with jwt auth from ${GITHUB_ACTIONS_ISSUER}; consumer ${wiring.consumer} uses ${wiring.auth}`,
    );
  }
  return wiring.store === "vault" ? vaultSteps(wiring) : awsSteps(wiring);
}

const PERMISSIONS = { "id-token": "write", contents: "read" } as const;

function vaultSteps(wiring: ConsumerWiring): WireOutput<GithubActionsWiring> {
  const vault = wiring.vault!;
  const login = vault.login;
  if (login.method !== "jwt" || !isGithubIssuer(login.issuer)) {
    throw new WireError(
      "target-does-not-fit",
      `--for github-actions: consumer ${wiring.consumer}'s jwt issuer is not GitHub Actions' (${GITHUB_ACTIONS_ISSUER})`,
    );
  }
  const lines: string[] = [];
  const skipped: { credentialId: string; reason: string }[] = [];
  for (const credential of wiring.credentials) {
    const source = credential.vault?.source;
    const path = credential.vault?.path;
    const variable = environmentVariableName(credential.connectorId, credential.name);
    if (!path || credential.vault?.operation !== "read") {
      skipped.push({
        credentialId: credential.id,
        reason:
          source === "pki" || source === "ssh-signed"
            ? `${source} is a write (issue or sign), which vault-action does not do: call the API in a run step`
            : "nothing to read in Vault",
      });
      continue;
    }
    if (source === "kv") lines.push(`${path} * | ${variable}_`);
    else if (source === "database-dynamic" || source === "database-static")
      lines.push(`${path} username | ${variable}_USERNAME`, `${path} password | ${variable}_PASSWORD`);
    else if (source === "aws-dynamic")
      lines.push(`${path} access_key | ${variable}_ACCESS_KEY_ID`, `${path} secret_key | ${variable}_SECRET_ACCESS_KEY`);
    else if (source === "gcp-dynamic") lines.push(`${path} private_key_data | ${variable}_KEY`);
  }
  const step = {
    name: `Read ${wiring.consumer} credentials from Vault`,
    id: "vault",
    uses: VAULT_ACTION,
    with: {
      url: vault.address,
      ...(vault.namespace && { namespace: vault.namespace }),
      method: "jwt",
      path: login.mount,
      role: login.role,
      jwtGithubAudience: login.audiences[0],
      secrets: lines.map((l, i) => `${l}${i < lines.length - 1 ? " ;" : ""}`).join("\n") + "\n",
    },
  };
  const data: GithubActionsWiring = { permissions: PERMISSIONS, steps: [step], subject: login.subject, skipped };
  const blocks: WireBlock[] = [
    {
      title: "job (permissions and steps)",
      language: "yaml",
      body: stringify({ permissions: PERMISSIONS, steps: [step] }, { lineWidth: 0 }),
    },
  ];
  const notes = [
    `Vault role ${login.role} accepts only tokens with sub ${JSON.stringify(login.subject)} and aud ${login.audiences.join(" or ")}: run the job from exactly that repository and ref.`,
    "vault-action masks the values in the log and exports them as environment variables of the later steps; a dynamic credential's lease ends with its TTL.",
    ...skipped.map((s) => `${s.credentialId}: not read: ${s.reason}.`),
    ...quarantineNotes(wiring),
  ];
  return { target: "github-actions", consumer: wiring.consumer, environment: wiring.environment, data, blocks, notes };
}

function awsSteps(wiring: ConsumerWiring): WireOutput<GithubActionsWiring> {
  const role = wiring.aws?.role;
  const trust = role?.trust;
  if (!role || (role.kind === "created" && !(trust?.kind === "oidc" && isGithubIssuer(`https://${trust.issuerHost}`)))) {
    throw new WireError(
      "target-does-not-fit",
      `--for github-actions: consumer ${wiring.consumer}'s IAM role does not trust GitHub Actions' OIDC issuer (${GITHUB_ACTIONS_ISSUER})`,
    );
  }
  const ids: string[] = [];
  const skipped: { credentialId: string; reason: string }[] = [];
  for (const credential of wiring.credentials) {
    if (!credential.aws?.secretName) {
      skipped.push({
        credentialId: credential.id,
        reason: credential.aws?.assumeRoleName
          ? `an IAM role (${credential.aws.assumeRoleName}) to assume with role-chaining`
          : "no Secrets Manager secret",
      });
      continue;
    }
    ids.push(`${environmentVariableName(credential.connectorId, credential.name)},${credential.aws.secretName}`);
  }
  const audience = trust?.kind === "oidc" ? trust.audiences[0] : undefined;
  const steps = [
    {
      name: `Assume ${wiring.consumer}'s role`,
      uses: CONFIGURE_AWS_CREDENTIALS,
      with: {
        "role-to-assume": role.arn,
        "aws-region": wiring.aws!.region,
        ...(audience && audience !== "sts.amazonaws.com" && { audience }),
      },
    },
    {
      name: `Read ${wiring.consumer} secrets`,
      uses: SECRETS_MANAGER_GET_SECRETS,
      with: { "secret-ids": `${ids.join("\n")}\n`, "parse-json-secrets": true },
    },
  ];
  const data: GithubActionsWiring = { permissions: PERMISSIONS, steps, subject: trust?.kind === "oidc" ? trust.subject : "", skipped };
  const blocks: WireBlock[] = [
    { title: "job (permissions and steps)", language: "yaml", body: stringify({ permissions: PERMISSIONS, steps }, { lineWidth: 0 }) },
  ];
  const notes = [
    trust?.kind === "oidc"
      ? `Role ${role.name} trusts only tokens with sub ${JSON.stringify(trust.subject)}: run the job from exactly that repository and ref.`
      : `Role ${role.arn} exists outside the library: its trust must admit GitHub's OIDC tokens for this workflow.`,
    "parse-json-secrets exports each JSON field as <NAME>_<FIELD>; the action masks the values in the log.",
    ...skipped.map((s) => `${s.credentialId}: not read: ${s.reason}.`),
    ...quarantineNotes(wiring),
  ];
  return { target: "github-actions", consumer: wiring.consumer, environment: wiring.environment, data, blocks, notes };
}
