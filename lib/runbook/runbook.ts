import { planEnvironment } from "../plan/environment-plan";
import type { CredentialPlan, EnvironmentPlan } from "../plan/types";
import { controlsOf } from "../inventory/regulation-controls";
import type { Inventory } from "../inventory/model";
import { breakGlassMfaProcedure } from "./break-glass";
import { stepsFor, vaultEnv } from "./steps";

export interface RunbookOptions {
  /** How the runbook names the inventory file in commands. @default "connectors.yaml" */
  readonly inventoryFile?: string;
}

/** Thrown for a connector the inventory does not have; lists the ones it has. */
export class UnknownConnectorError extends Error {}

function location(credential: CredentialPlan, env: EnvironmentPlan): string {
  if (credential.vault && env.vault) {
    const m = env.vault.mounts;
    const c = credential.credential;
    const engine =
      c.type === "certificate"
        ? m.pki
        : c.type === "ssh-key"
          ? m.ssh
          : c.type === "cloud-access-key"
            ? c.provider === "aws"
              ? m.aws
              : m.gcp
            : c.type === "cloud-service-account-key"
              ? m.gcp
              : m.database;
    const where = credential.vault.storedInKv
      ? `\`${credential.vault.dataPath}\``
      : `issued by the \`${engine}\` engine (${credential.rotation.mode})`;
    return `Vault ${env.vault.address}${env.vault.namespace ? `, namespace \`${env.vault.namespace}\`` : ""}: ${where}`;
  }
  if (credential.aws && env.aws) {
    return credential.aws.storesSecret
      ? `Secrets Manager, account ${env.aws.accountId} ${env.aws.region}: \`${credential.aws.secretName}\``
      : `IAM role in account ${env.aws.accountId} (no stored secret)`;
  }
  return "not stored in this environment";
}

/**
 * The incident runbook of one connector's credentials, in Markdown: who answers, where each
 * credential lives per environment, how to revoke, quarantine, reissue and what to check after.
 * Pure and deterministic: the same inventory gives the same text (no dates).
 */
// long-function: renders the Markdown document top to bottom in the order a reader sees it (who answers, where it lives, revoke, quarantine, reissue, check after, break-glass), each section a few lines
export function renderRunbook(inventory: Inventory, connectorId: string, options: RunbookOptions = {}): string {
  const connector = inventory.connectors.find((c) => c.id === connectorId);
  if (!connector) {
    throw new UnknownConnectorError(
      `no connector "${connectorId}" in the inventory (known: ${inventory.connectors
        .map((c) => c.id)
        .sort()
        .join(", ")})`,
    );
  }
  const file = options.inventoryFile ?? "connectors.yaml";
  const owner = inventory.owners.find((o) => o.id === connector.owner);
  const environments = inventory.environments.filter((e) => e.name in connector.environments).map((e) => planEnvironment(inventory, e));
  const credentials = (env: EnvironmentPlan) => env.credentials.filter((c) => c.connectorId === connector.id);
  const out: string[] = [];
  const line = (text = "") => out.push(text);

  line(`# Incident runbook: ${connector.id}`);
  line();
  line(
    `${connector.purpose}. System: ${connector.system}; sensitivity: ${connector.sensitivity}${connector.regulations.length ? `; regulations: ${[...connector.regulations].sort().join(", ")}` : ""}; state: **${connector.lifecycle.state}**.`,
  );
  line();
  line("## Who answers");
  line();
  line(`- Owner: ${owner ? `${owner.name} (${owner.id}), ${owner.email}` : connector.owner}`);
  line(`- On-call: ${owner?.oncall ?? "none declared: page the owner by email and escalate to the platform on-call"}`);
  const security = inventory.notifications?.security;
  if (security) {
    const reach = [security.email, security.oncall && `on-call ${security.oncall}`].filter(Boolean).join(", ");
    line(
      `- Security channel: ${reach} (the alarm topics email the address; the on-call is paged by people or tools subscribed outside Terraform, which holds no paging key)`,
    );
  }
  const approvals = environments.filter((e) => e.approvals).map((e) => `${e.name}: ${e.approvals!.required} of ${e.approvals!.group}`);
  if (approvals.length) line(`- Approvals to apply: ${approvals.join("; ")}`);
  for (const { regulation, control } of controlsOf(connector.regulations, "breach-notification")) {
    const basis = control.basis.kind === "clause" ? ` (${control.basis.source} ${control.basis.clause})` : "";
    line(
      `- Notify (${regulation}): the supervisory authority within ${control.hours} hours of becoming aware of a personal data breach${basis}; decide with the data protection officer`,
    );
  }
  line();
  line("## Where it lives");
  line();
  line("| environment | credential | kind | where | rotation |");
  line("|---|---|---|---|---|");
  for (const env of environments) {
    for (const credential of credentials(env)) {
      line(
        `| ${env.name} | ${credential.name} | ${credential.type} | ${location(credential, env)} | ${credential.rotation.mode}${credential.rotation.days ? ` every ${credential.rotation.days}d` : ""} |`,
      );
    }
  }
  line();
  line("## 1. Revoke");
  line();
  line("Work from the environment where the leak happened outwards; production first when unsure.");
  for (const env of environments) {
    line();
    line(`### ${env.name}${env.production ? " (production)" : ""}`);
    if (env.vault) line(`\nVault commands run with \`${vaultEnv(env)}\`.`);
    for (const credential of credentials(env)) {
      const steps = stepsFor(connector, credential, env, file);
      line();
      line(`**${credential.name}** (${credential.type}):`);
      line();
      for (const step of steps.revoke) line(`- [ ] ${step}`);
    }
  }
  line();
  line("## 2. Quarantine in the inventory");
  line();
  line(
    `Quarantine denies every read in every environment, consumers' and people's (break-glass may only replace or rotate the value), and keeps the resources (and the audit trail):`,
  );
  line();
  line(`1. Set \`lifecycle: { state: quarantined }\` on \`${connector.id}\` in \`${file}\`.`);
  line(`2. \`etl-secrets validate ${file}\` and \`etl-secrets synth ${file} --out cdktf.out\`.`);
  line(
    `3. Review the diff (only ${connector.id}'s policies should change), then apply the stacks: ${environments.map((e) => `\`${e.stackName}\``).join(", ")}.`,
  );
  line();
  line("## 3. Reissue");
  line();
  const reissue = environments.flatMap((env) =>
    credentials(env).flatMap((credential) =>
      stepsFor(connector, credential, env, file).reissue.map((step) => `${env.name} / ${credential.name}: ${step}`),
    ),
  );
  const lift = `Set \`lifecycle.state: active\` again, synth, review and apply`;
  const consumerList = [...new Set(connector.consumers.map((c) => c.id))].sort().join(", ") || "none";
  // seed refuses a quarantined connector: lift the quarantine first (the leaked value is revoked by now).
  const seeds = reissue.some((step) => step.includes("etl-secrets seed"));
  if (seeds) line(`- [ ] ${lift} first: \`etl-secrets seed\` refuses a quarantined connector, and the leaked value is revoked by now.`);
  for (const step of reissue) line(`- [ ] ${step}`);
  line(seeds ? `- [ ] Tell the consumers (${consumerList}).` : `- [ ] ${lift}; tell the consumers (${consumerList}).`);
  line();
  line("## 4. Check after");
  line();
  for (const env of environments) {
    for (const credential of credentials(env)) {
      for (const step of stepsFor(connector, credential, env, file).check) line(`- [ ] ${env.name} / ${credential.name}: ${step}`);
    }
  }
  line(
    `- [ ] Every consumer works again (${[...new Set(connector.consumers.map((c) => c.id))].sort().join(", ") || "none declared"}); no alarm left on the environment's secrets dashboard.`,
  );
  line(`- [ ] Scan where the value leaked (repositories, logs, tickets): \`etl-secrets scan <path>\`, and purge it there.`);
  line("- [ ] Write the incident down: when it leaked, who could read it, what was revoked, when the new value went live.");
  const procedures = environments.map(breakGlassMfaProcedure).filter((lines) => lines.length > 0);
  if (procedures.length > 0) {
    line();
    line("## Break-glass MFA procedure");
    line();
    line(
      "People who read values in production log in with a second factor. Keep this procedure rehearsed: an emergency is the wrong time to enrol a device.",
    );
    for (const procedure of procedures) {
      line();
      for (const text of procedure) line(text);
    }
  }
  return `${out.join("\n")}\n`;
}
