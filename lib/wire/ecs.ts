import { WireError, type ConsumerWiring, type WireBlock, type WireOutput } from "./model";
import { describeTrust, quarantineNotes } from "./notes";
import { agentTemplates, vaultAgentConfig } from "./vault-agent";

/*
 * ECS: the task definition's `secrets` (the ECS agent reads Secrets Manager with the task's
 * execution role before the container starts). ECS has no native Vault integration: for Vault
 * credentials the task runs Vault Agent as a sidecar that logs in as the consumer and renders into
 * a volume the job container shares.
 */

const ECS_TASKS = "ecs-tasks.amazonaws.com";

export interface EcsSecretEntry {
  /** The environment variable the container sees. */
  readonly name: string;
  /** Secret ARN (without Secrets Manager's random suffix), with `:<json-key>::` when one field is taken. */
  readonly valueFrom: string;
  readonly credentialId: string;
  /** The stack output holding the full ARN. */
  readonly arnOutput: string;
}

export type EcsWiring =
  | {
      readonly kind: "task-secrets";
      readonly executionRoleArn: string;
      readonly secrets: readonly EcsSecretEntry[];
      /** What the execution role needs, and already has through the consumer's role policy. */
      readonly permissions: readonly { readonly action: string; readonly resource: string; readonly condition?: string }[];
      readonly skipped: readonly { readonly credentialId: string; readonly reason: string }[];
    }
  | {
      readonly kind: "vault-agent-sidecar";
      readonly native: false;
      readonly taskRoleArn?: string;
      readonly agentConfig: string;
      readonly files: readonly string[];
    };

/** `orders-archive-postgres` / `main` -> `ORDERS_ARCHIVE_POSTGRES_MAIN` */
export function environmentVariableName(...parts: string[]): string {
  return parts
    .join("_")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_");
}

export function ecsWire(wiring: ConsumerWiring): WireOutput<EcsWiring> {
  return wiring.store === "aws" ? taskSecrets(wiring) : vaultSidecar(wiring);
}

function taskSecrets(wiring: ConsumerWiring): WireOutput<EcsWiring> {
  const role = wiring.aws?.role;
  if (wiring.auth !== "aws-iam" || !role) {
    throw new WireError(
      "target-does-not-fit",
      `--for ecs needs a consumer with aws-iam auth (the task's execution role); consumer ${wiring.consumer} uses ${wiring.auth}${wiring.auth === "jwt" ? ": use --for github-actions or kubernetes" : ""}`,
    );
  }
  if (role.kind === "created" && !(role.trust?.kind === "service" && role.trust.service === ECS_TASKS)) {
    throw new WireError(
      "target-does-not-fit",
      `--for ecs: consumer ${wiring.consumer}'s IAM role ${role.name} trusts ${describeTrust(role.trust)}, not ${ECS_TASKS}: declare auth.trustedService ${ECS_TASKS}`,
    );
  }
  const secrets: EcsSecretEntry[] = [];
  const skipped: { credentialId: string; reason: string }[] = [];
  for (const credential of wiring.credentials) {
    const aws = credential.aws;
    if (!aws?.partialArn || !aws.arnOutput) {
      skipped.push({
        credentialId: credential.id,
        reason: aws?.assumeRoleName
          ? `an IAM role (${aws.assumeRoleName}) the task role assumes, not a secret`
          : "no Secrets Manager secret",
      });
      continue;
    }
    const base = environmentVariableName(credential.connectorId, credential.name);
    if (credential.type === "rotated-password") {
      // The rotation contract's fields: the job gets the login and password, not the whole JSON.
      for (const key of ["username", "password"]) {
        secrets.push({
          name: `${base}_${key.toUpperCase()}`,
          valueFrom: `${aws.partialArn}:${key}::`,
          credentialId: credential.id,
          arnOutput: aws.arnOutput,
        });
      }
    } else {
      secrets.push({ name: base, valueFrom: aws.partialArn, credentialId: credential.id, arnOutput: aws.arnOutput });
    }
  }
  const resources = [...new Set(secrets.map((s) => s.valueFrom.replace(/:[^:]*::$/, "")))];
  const permissions = [
    ...resources.map((resource) => ({ action: "secretsmanager:GetSecretValue", resource: `${resource}-??????` })),
    {
      action: "kms:Decrypt",
      resource: "the environment's secrets key",
      condition: `kms:ViaService = secretsmanager.${wiring.aws!.region}.amazonaws.com`,
    },
  ];
  const fragment = {
    executionRoleArn: role.arn,
    containerDefinitions: [{ name: wiring.consumer, secrets: secrets.map(({ name, valueFrom }) => ({ name, valueFrom })) }],
  };
  const blocks: WireBlock[] = [{ title: "task definition (fragment)", language: "json", body: `${JSON.stringify(fragment, null, 2)}\n` }];
  const notes = [
    `The execution role is the consumer's role ${role.arn}: its policy already allows secretsmanager:GetSecretValue on exactly these secrets and kms:Decrypt through Secrets Manager; give it nothing broader.`,
    role.kind === "existing" ? `The role exists outside the library: it must trust ${ECS_TASKS}.` : `The role trusts ${ECS_TASKS}.`,
    `valueFrom names each secret without Secrets Manager's 6-character suffix; the full ARNs are the stack outputs ${[...new Set(secrets.map((s) => s.arnOutput))].join(", ")}.`,
    "ECS reads the values when the task starts: a rotation reaches the job at its next task, not a running one.",
    ...skipped.map((s) => `${s.credentialId}: not in secrets: ${s.reason}.`),
    ...quarantineNotes(wiring),
  ];
  return {
    target: "ecs",
    consumer: wiring.consumer,
    environment: wiring.environment,
    data: { kind: "task-secrets", executionRoleArn: role.arn, secrets, permissions, skipped },
    blocks,
    notes,
  };
}

function vaultSidecar(wiring: ConsumerWiring): WireOutput<EcsWiring> {
  if (wiring.auth !== "aws-iam" && wiring.auth !== "approle") {
    throw new WireError(
      "target-does-not-fit",
      `--for ecs: ECS cannot read Vault natively; a Vault Agent sidecar logs in with the task's IAM role (aws-iam) or a delivered AppRole secret id (approle); consumer ${wiring.consumer} uses ${wiring.auth}: use --for ${wiring.auth === "kubernetes" ? "kubernetes" : "github-actions"}`,
    );
  }
  const templates = agentTemplates(wiring);
  const agentConfig = vaultAgentConfig(wiring, { exitAfterAuth: false }, templates);
  const taskRoleArn = wiring.auth === "aws-iam" ? wiring.aws?.role?.arn : undefined;
  const fragment = {
    ...(taskRoleArn && { taskRoleArn }),
    volumes: [{ name: "vault-secrets" }],
    containerDefinitions: [
      {
        name: "vault-agent",
        essential: false,
        command: ["agent", "-config=/etc/vault-agent/agent.hcl"],
        mountPoints: [{ sourceVolume: "vault-secrets", containerPath: "/vault/secrets" }],
      },
      {
        name: wiring.consumer,
        dependsOn: [{ containerName: "vault-agent", condition: "START" }],
        mountPoints: [{ sourceVolume: "vault-secrets", containerPath: "/vault/secrets", readOnly: true }],
      },
    ],
  };
  const blocks: WireBlock[] = [
    { title: "Vault Agent configuration (/etc/vault-agent/agent.hcl)", language: "hcl", body: agentConfig },
    { title: "task definition (fragment)", language: "json", body: `${JSON.stringify(fragment, null, 2)}\n` },
  ];
  const notes = [
    "ECS cannot read Vault natively (task secrets come from Secrets Manager or SSM only): the agent sidecar logs in as the consumer and renders into the shared volume.",
    wiring.auth === "aws-iam"
      ? `The task role must be the IAM role Vault role ${wiring.vault?.login.role} binds (${wiring.vault?.login.method === "aws-iam" ? (wiring.vault.login.iamRoleArn ?? "see auth.roleArn") : ""}).`
      : `The AppRole secret id is not shown: a trusted orchestrator mints a response-wrapped one${wiring.vault?.login.method === "approle" ? ` (${wiring.vault.login.secretIdUses === 1 ? "single-use" : `${wiring.vault.login.secretIdUses} uses`})` : ""} per task and delivers it into /etc/vault-agent/secret-id; the role id is read from Vault (${wiring.vault?.login.method === "approle" ? wiring.vault.login.roleIdPath : "its role-id path"}) and is not secret.`,
    ...templates.map((t) => `${t.credentialId} renders to /vault/secrets/${t.fileName}.`),
    ...quarantineNotes(wiring),
  ];
  return {
    target: "ecs",
    consumer: wiring.consumer,
    environment: wiring.environment,
    data: {
      kind: "vault-agent-sidecar",
      native: false,
      ...(taskRoleArn && { taskRoleArn }),
      agentConfig,
      files: templates.map((t) => `/vault/secrets/${t.fileName}`),
    },
    blocks,
    notes,
  };
}
