import type { Command } from "commander";
import { CliError, EXIT, type CliIo } from "../io";
import { printIssues } from "../report-issues";
import { resolveNow } from "../now-option";

const FORMATS = ["text", "json"];

/**
 * `etl-secrets audit <inventory> --environment <env>`: reads the environment's live stores as the
 * `<env>-auditor` identity (Vault token from VAULT_TOKEN, a member of `<env>-auditors`; AWS from
 * the environment's credentials, the `<org>-<env>.auditor` role) and reports what the inventory
 * does not account for. Exit 0 clean, 1 findings, 2 usage. Never prints a value: it reads none.
 */
export function registerAudit(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("audit")
    .description("read an environment's live stores (metadata only) and report shadow, retained, dormant, overdue and quarantined-but-used credentials; exit 1 on findings")
    .argument("<inventory>", "inventory file (YAML or JSON)")
    .requiredOption("--environment <env>", "the environment to audit")
    .option("--format <format>", "text | json", "text")
    .option("--now <date>", "today (YYYY-MM-DD) that judges dormancy, rotation and review; default: the system date")
    .option("--assume-auditor", "assume the environment's auditor role (<org>-<env>.auditor) from the AWS credentials in the environment first")
    .option("--vault-audit-log <file>", "Vault audit lines (JSON, one per line: the file device, or lines exported from the shipped log group) for Vault dormancy")
    .action(async (file: string, options: { environment: string; format: string; now?: string; vaultAuditLog?: string; assumeAuditor?: boolean }) => {
      if (!FORMATS.includes(options.format)) throw new CliError(`--format must be one of ${FORMATS.join(", ")}, got "${options.format}"`, EXIT.usage);
      const now = resolveNow(options.now);
      const { validateInventoryFile } = require("../../spec/load") as typeof import("../../spec/load");
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
      const { serverObjectsOfDir } = require("../../analysis/identity/server-objects") as typeof import("../../analysis/identity/server-objects");
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
        if (!token) throw new CliError("VAULT_TOKEN is not set: the audit reads Vault as a member of the environment's auditors group", EXIT.usage);
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
            authMounts: [...new Set([mounts.approle, mounts.awsAuth, ...Object.values(mounts.kubernetes), ...Object.values(mounts.jwt)])].sort(),
          }),
        );
      }
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
      }
      if (plan.aws) {
        const { readSecretsManagerObservations } = require("../../audit/readers/secrets-manager") as typeof import("../../audit/readers/secrets-manager");
        const { awsNames } = require("../../plan/names") as typeof import("../../plan/names");
        const endpoint = process.env.AWS_ENDPOINT_URL;
        const pathPrefix = awsNames.iamPath(plan.organization, plan.name);
        let accessKeyId = process.env.AWS_ACCESS_KEY_ID;
        let secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
        let sessionToken = process.env.AWS_SESSION_TOKEN;
        if (options.assumeAuditor) {
          if (!accessKeyId || !secretAccessKey) throw new CliError("--assume-auditor needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment", EXIT.usage);
          const { assumeAuditor, auditorRoleArn } = require("../../audit/readers/assume-role") as typeof import("../../audit/readers/assume-role");
          const session = await assumeAuditor({
            roleArn: auditorRoleArn(plan.aws.partition, plan.aws.accountId, pathPrefix, awsNames.auditorRole(plan.organization, plan.name)),
            credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
            ...(process.env.AWS_ENDPOINT_URL_STS ?? endpoint ? { url: `${(process.env.AWS_ENDPOINT_URL_STS ?? endpoint)!.replace(/\/?$/, "/")}` } : {}),
          });
          ({ accessKeyId, secretAccessKey, sessionToken } = session);
        }
        const assumed = options.assumeAuditor && accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {};
        observations.push(await readSecretsManagerObservations({ region: plan.aws.region, namePrefix: `${plan.organization}/${plan.name}/`, ...(endpoint ? { endpoint } : {}), ...assumed }));
        if (accessKeyId && secretAccessKey) {
          const { readIamRoleObservations } = require("../../audit/readers/iam-roles") as typeof import("../../audit/readers/iam-roles");
          observations.push(
            await readIamRoleObservations({
              pathPrefix,
              credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
              ...(process.env.AWS_ENDPOINT_URL_IAM ?? endpoint ? { url: `${(process.env.AWS_ENDPOINT_URL_IAM ?? endpoint)!.replace(/\/?$/, "/")}` } : {}),
            }),
          );
        } else {
          observations.push({ items: [], accesses: [], coverage: [], unreadable: [{ location: pathPrefix, why: "no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment: IAM roles not listed" }] });
        }
      }
      const { runAudit } = require("../../audit/run") as typeof import("../../audit/run");
      const { formatAuditJson, formatAuditText } = require("../../audit/format") as typeof import("../../audit/format");
      const report = runAudit(declared, observations, new Date(`${now}T12:00:00Z`));
      io.out(options.format === "json" ? formatAuditJson(report).trimEnd() : formatAuditText(report).trimEnd());
      setExit(report.findings.length > 0 ? EXIT.findings : EXIT.ok);
    });
}
