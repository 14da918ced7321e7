import type { Command } from "commander";
import { CliError, EXIT, type CliIo } from "../io";
import { printIssues } from "../report-issues";
import { resolveNow } from "../now-option";

const FORMATS = ["text", "json"];

/**
 * `etl-secrets audit <inventory> --environment <env>`: reads the environment's live stores as the
 * `<env>-auditor` identity (Vault token from VAULT_TOKEN, a member of `<env>-auditors`; AWS from
 * the SDK's default credential chain, the `<org>-<env>.auditor` role, or `--assume-auditor` from any
 * identity allowed to assume it) and reports what the inventory
 * does not account for. Exit 0 clean, 1 findings, 2 usage. Never prints a value: it reads none.
 */
export function registerAudit(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("audit")
    .description(
      "read an environment's live stores (metadata only) and report shadow, retained, dormant, overdue and quarantined-but-used credentials; exit 1 on findings",
    )
    .argument("<inventory>", "inventory file (YAML or JSON)")
    .requiredOption("--environment <env>", "the environment to audit")
    .option("--format <format>", "text | json", "text")
    .option("--now <date>", "today (YYYY-MM-DD) that judges dormancy, rotation and review; default: the system date")
    .option(
      "--assume-auditor",
      "assume the environment's auditor role (<org>-<env>.auditor) with the AWS default credential chain's identity first",
    )
    .option(
      "--vault-audit-log <file>",
      "Vault audit lines (JSON, one per line: the file device's file) for Vault dormancy, instead of the cluster's shipped audit log group (vault.audit)",
    )
    .action((file: string, options: AuditOptions) => auditAction(io, setExit, file, options));
}

type AuditOptions = { environment: string; format: string; now?: string; vaultAuditLog?: string; assumeAuditor?: boolean };

// long-function: the audit command's steps in order (validate, plan, synthesize what is declared, read each store with the auditor's identity, judge, print); each store's reading is a lazy require kept beside the step that needs it
async function auditAction(io: CliIo, setExit: (code: number) => void, file: string, options: AuditOptions): Promise<void> {
  if (!FORMATS.includes(options.format))
    throw new CliError(`--format must be one of ${FORMATS.join(", ")}, got "${options.format}"`, EXIT.usage);
  const now = resolveNow(options.now);
  const { validateInventoryFile } = require("../../inventory/load") as typeof import("../../inventory/load");
  const result = validateInventoryFile(file);
  printIssues(io, result.issues, file);
  if (!result.ok || !result.inventory) {
    io.err(`${file}: invalid; no audit`);
    setExit(EXIT.usage);
    return;
  }
  const inventory = result.inventory;
  const { planInventory } = require("../../plan/inventory-plan") as typeof import("../../plan/inventory-plan");
  const plan = planInventory(inventory).environments.find((e) => e.name === options.environment);
  if (!plan) throw new CliError(`--environment: no environment "${options.environment}" in ${file}`, EXIT.usage);

  const { mkdtempSync, rmSync } = require("node:fs") as typeof import("node:fs");
  const { tmpdir } = require("node:os") as typeof import("node:os");
  const { join } = require("node:path") as typeof import("node:path");
  const { synthesizeInventory } = require("../../constructs/synthesize") as typeof import("../../constructs/synthesize");
  const { serverObjectsOfDir } =
    require("../../analysis/identity/server-objects") as typeof import("../../analysis/identity/server-objects");
  const { declaredOf } = require("../../audit/declared") as typeof import("../../audit/declared");
  const dir = mkdtempSync(join(tmpdir(), "etl-secrets-audit-"));
  let declared;
  try {
    synthesizeInventory(inventory, dir);
    declared = declaredOf(plan, inventory.retirements, serverObjectsOfDir(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const observations = [];
  if (plan.vault) {
    const token = process.env.VAULT_TOKEN;
    if (!token)
      throw new CliError("VAULT_TOKEN is not set: the audit reads Vault as a member of the environment's auditors group", EXIT.usage);
    const { readVaultObservations } = require("../../audit/readers/vault-metadata") as typeof import("../../audit/readers/vault-metadata");
    const vault = plan.vault;
    const mounts = vault.mounts;
    observations.push(
      await readVaultObservations({
        address: process.env.VAULT_ADDR ?? vault.address,
        ...(vault.isolation === "namespace" && vault.namespace ? { namespace: vault.namespace } : {}),
        token,
        kv: mounts.kv,
        database: mounts.database,
        authMounts: [
          ...new Set([mounts.approle, mounts.awsAuth, ...Object.values(mounts.kubernetes), ...Object.values(mounts.jwt)]),
        ].sort(),
      }),
    );
  }
  // AWS credentials from the SDK's default chain (environment, profile files, SSO, web identity,
  // container and instance roles), resolved once; `--assume-auditor` turns them into the auditor's session.
  const { defaultAwsCredentials } = require("../../audit/readers/aws-credentials") as typeof import("../../audit/readers/aws-credentials");
  type Keys = import("../../rotation/aws-sigv4").AwsCredentials;
  const endpoint = process.env.AWS_ENDPOINT_URL;
  const endpointFor = (variable: string) => {
    const url = process.env[variable] ?? endpoint;
    return url ? `${url.replace(/\/?$/, "/")}` : undefined;
  };
  let chain: Promise<Keys | undefined> | undefined;
  const chainCredentials = (region: string) => (chain ??= defaultAwsCredentials(region));
  let auditorSession: Keys | undefined;
  if (plan.aws && options.assumeAuditor) {
    const keys = await chainCredentials(plan.aws.region);
    if (!keys)
      throw new CliError(
        "--assume-auditor: the AWS default credential chain found no credentials (environment, AWS_PROFILE and its files, SSO, web identity, container or instance role)",
        EXIT.usage,
      );
    const { awsNames } = require("../../plan/names") as typeof import("../../plan/names");
    const { assumeAuditor, auditorRoleArn } =
      require("../../audit/readers/assume-role") as typeof import("../../audit/readers/assume-role");
    const sts = endpointFor("AWS_ENDPOINT_URL_STS");
    auditorSession = await assumeAuditor({
      roleArn: auditorRoleArn(
        plan.aws.partition,
        plan.aws.accountId,
        awsNames.iamPath(plan.organization, plan.name),
        awsNames.auditorRole(plan.organization, plan.name),
      ),
      credentials: keys,
      ...(sts ? { url: sts } : {}),
    });
  }
  /** The identity the audit reads AWS as: the auditor's session, else whatever the default chain gives. */
  const awsIdentity = async (region: string) => auditorSession ?? (await chainCredentials(region));

  // Whether an audit log (file or the cluster's group) was read: AppRole secret ids are only a fallback.
  let vaultLogRead = false;
  if (plan.vault && options.vaultAuditLog) {
    const { readFileSync } = require("node:fs") as typeof import("node:fs");
    const { accessesFromAuditLines } = require("../../audit/readers/audit-log") as typeof import("../../audit/readers/audit-log");
    let text: string;
    try {
      text = readFileSync(options.vaultAuditLog, "utf8");
    } catch {
      throw new CliError(`--vault-audit-log: cannot read ${options.vaultAuditLog}`, EXIT.usage);
    }
    const lines = text.split("\n").filter((l) => l.length > 0);
    // The log covers the time from its first line on: dormancy is judged only when that is old enough.
    const first = lines.map((l) => /"time":"([^"]+)"/.exec(l)?.[1]).find((t) => t !== undefined && !Number.isNaN(Date.parse(t)));
    const valuePaths = new Set(declared.credentials.flatMap((c) => c.valueLocations));
    const namespace = plan.vault.isolation === "namespace" ? (plan.vault.namespace ?? "") : "";
    observations.push({
      items: [],
      accesses: accessesFromAuditLines(lines, { namespace, valuePaths }),
      coverage: first ? [{ store: "vault" as const, source: "vault-audit-log" as const, since: first }] : [],
      unreadable: [],
    });
    vaultLogRead = true;
  } else if (plan.vault) {
    // The cluster's shipped audit log (vault.audit): FilterLogEvents from now minus the longest
    // dormancy period, directly (same account) or through the audit stack's reader role.
    const { auditorLogReadOf } = require("../../plan/auditor-log-read") as typeof import("../../plan/auditor-log-read");
    const { awsPartition } = require("../../plan/aws-plan") as typeof import("../../plan/aws-plan");
    const environment = inventory.environments.find((e) => e.name === plan.name)!;
    const { QUARANTINE_LOOKBACK_DAYS } = require("../../audit/findings") as typeof import("../../audit/findings");
    const vaultDeclared = declared.credentials.filter((c) => c.store === "vault");
    // The longest dormancy period (active credentials), and back to each quarantine (its
    // lifecycle.quarantinedOn, else the look-back) for the quarantined ones.
    const sinceQuarantine = (on: string | undefined) =>
      on === undefined
        ? QUARANTINE_LOOKBACK_DAYS
        : Math.max(1, Math.ceil((Date.parse(`${now}T00:00:00Z`) - Date.parse(`${on}T00:00:00Z`)) / 86_400_000));
    const periods = [
      ...vaultDeclared.filter((c) => c.state === "active" && c.dormancyDays !== undefined).map((c) => c.dormancyDays!),
      ...vaultDeclared.filter((c) => c.state === "quarantined").map((c) => sinceQuarantine(c.quarantinedOn)),
    ];
    const logRead = auditorLogReadOf(
      inventory,
      environment,
      plan.aws?.partition ?? awsPartition(environment.vault?.audit?.region ?? "us-east-1"),
    );
    if (logRead && periods.length > 0) {
      const { readAuditLogGroup } = require("../../audit/readers/audit-log") as typeof import("../../audit/readers/audit-log");
      const day = Date.parse(`${now}T00:00:00Z`);
      const startTime = day - Math.max(...periods) * 86_400_000;
      const valuePaths = new Set(declared.credentials.flatMap((c) => c.valueLocations));
      const namespace = plan.vault.isolation === "namespace" ? (plan.vault.namespace ?? "") : "";
      try {
        let keys = await awsIdentity(logRead.region);
        if (!keys) throw new Error("the AWS default credential chain found no credentials");
        if (logRead.readerRoleArn) {
          const { assumeAuditor } = require("../../audit/readers/assume-role") as typeof import("../../audit/readers/assume-role");
          const { stsEndpointFor } = require("../../rotation/aws-query-client") as typeof import("../../rotation/aws-query-client");
          const sts = stsEndpointFor(logRead.region, endpointFor("AWS_ENDPOINT_URL_STS"));
          keys = await assumeAuditor({ roleArn: logRead.readerRoleArn, credentials: keys, url: sts.url, region: sts.region });
        }
        const logs = endpointFor("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS");
        const read = await readAuditLogGroup(
          {
            logGroupName: logRead.logGroupName,
            region: logRead.region,
            startTime,
            endTime: day + 86_400_000 - 1,
            credentials: keys,
            ...(logs ? { url: logs } : {}),
          },
          { namespace, valuePaths },
        );
        observations.push({
          items: [],
          accesses: read.accesses,
          coverage: [{ store: "vault" as const, source: "vault-audit-log" as const, since: new Date(startTime).toISOString() }],
          unreadable: [],
        });
        vaultLogRead = true;
      } catch (error) {
        observations.push({
          items: [],
          accesses: [],
          coverage: [],
          unreadable: [{ location: logRead.logGroupName, why: `the cluster's audit log group was not read (${(error as Error).message})` }],
        });
      }
    }
  }
  if (plan.vault && !vaultLogRead) {
    // No audit log: AppRole secret-id dates, a weak signal (records of use, never coverage).
    const { appRoleUsesOf, readAppRoleSecretIdUse } =
      require("../../audit/readers/approle-secret-ids") as typeof import("../../audit/readers/approle-secret-ids");
    const uses = appRoleUsesOf(plan, declared);
    if (uses.length > 0) {
      observations.push(
        await readAppRoleSecretIdUse({
          address: process.env.VAULT_ADDR ?? plan.vault.address,
          ...(plan.vault.isolation === "namespace" && plan.vault.namespace ? { namespace: plan.vault.namespace } : {}),
          token: process.env.VAULT_TOKEN!,
          mount: plan.vault.mounts.approle,
          uses,
        }),
      );
    }
  }
  if (plan.aws) {
    const { readSecretsManagerObservations } =
      require("../../audit/readers/secrets-manager") as typeof import("../../audit/readers/secrets-manager");
    const { awsNames } = require("../../plan/names") as typeof import("../../plan/names");
    const pathPrefix = awsNames.iamPath(plan.organization, plan.name);
    const keys = await awsIdentity(plan.aws.region);
    observations.push(
      await readSecretsManagerObservations({
        region: plan.aws.region,
        namePrefix: `${plan.organization}/${plan.name}/`,
        ...(endpoint ? { endpoint } : {}),
        ...(keys ? { credentials: keys } : {}),
      }),
    );
    if (keys) {
      const { readIamRoleObservations } = require("../../audit/readers/iam-roles") as typeof import("../../audit/readers/iam-roles");
      const iam = endpointFor("AWS_ENDPOINT_URL_IAM");
      observations.push(await readIamRoleObservations({ pathPrefix, credentials: keys, ...(iam ? { url: iam } : {}) }));
    } else {
      observations.push({
        items: [],
        accesses: [],
        coverage: [],
        unreadable: [{ location: pathPrefix, why: "the AWS default credential chain found no credentials: IAM roles not listed" }],
      });
    }
  }
  const { runAudit } = require("../../audit/run") as typeof import("../../audit/run");
  const { formatAuditJson, formatAuditText } = require("../../audit/format") as typeof import("../../audit/format");
  const report = runAudit(declared, observations, new Date(`${now}T12:00:00Z`));
  io.out(options.format === "json" ? formatAuditJson(report).trimEnd() : formatAuditText(report).trimEnd());
  setExit(report.findings.length > 0 ? EXIT.findings : EXIT.ok);
}
