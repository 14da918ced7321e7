import type { Command } from "commander";
import { CliError, EXIT, type CliIo } from "../io";
import { printIssues } from "../report-issues";

interface RunbookFlags {
  readonly drill?: string;
  readonly credential?: string;
  readonly format?: string;
}

export function registerRunbook(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("runbook")
    .description(
      "Markdown incident runbook of a connector's credentials: who answers, where they live, revoke, quarantine, reissue, check; --drill runs a rotation drill in a non-production environment",
    )
    .argument("<inventory>", "inventory file (YAML or JSON)")
    .argument("<connector>", "connector id")
    .option(
      "--drill <environment>",
      "rotate the connector's credentials through the store's API, prove the old value refused and the consumers still log in (refused on production tiers); Vault token from VAULT_TOKEN (a <env>-drillers member), VAULT_ADDR overrides the address; AWS as the <org>-<env>.drill role (default credential chain)",
    )
    .option("--credential <name>", "with --drill: only this credential of the connector")
    .option("--format <format>", "with --drill: text or json (etl-secrets-drill/1)", "text")
    .action(async (file: string, connectorId: string, flags: RunbookFlags) => {
      const [{ validateInventoryFile }, { renderRunbook, UnknownConnectorError }] = [
        require("../../inventory/load") as typeof import("../../inventory/load"),
        require("../../runbook") as typeof import("../../runbook"),
      ];
      if (!flags.drill && flags.credential) throw new CliError("--credential needs --drill", EXIT.usage);
      if (flags.drill && flags.format !== "text" && flags.format !== "json")
        throw new CliError(`--format must be text or json, got "${flags.format}"`, EXIT.usage);
      const result = validateInventoryFile(file);
      printIssues(io, result.issues, file);
      if (!result.ok || !result.inventory) {
        io.err(`${file}: invalid; no runbook`);
        setExit(EXIT.findings);
        return;
      }
      if (flags.drill) {
        await drill(io, setExit, result.inventory, connectorId, flags.drill, flags);
        return;
      }
      try {
        io.out(renderRunbook(result.inventory, connectorId, { inventoryFile: file }));
      } catch (error) {
        if (error instanceof UnknownConnectorError) throw new CliError(error.message, EXIT.usage);
        throw error;
      }
      setExit(EXIT.ok);
    });
}

async function drill(
  io: CliIo,
  setExit: (code: number) => void,
  inventory: import("../../inventory/model").Inventory,
  connector: string,
  environment: string,
  flags: RunbookFlags,
): Promise<void> {
  const drillModule = require("../../runbook/drill") as typeof import("../../runbook/drill");
  const { planInventory } = require("../../plan/inventory-plan") as typeof import("../../plan/inventory-plan");
  const inventoryPlan = planInventory(inventory);
  let plan;
  try {
    // Refused here, on production tiers, before any client is built or any variable read.
    plan = drillModule.planDrill(
      inventory,
      { connector, environment, ...(flags.credential && { credential: flags.credential }) },
      inventoryPlan,
    );
  } catch (error) {
    if (error instanceof drillModule.DrillRefused) throw new CliError(`drill refused: ${error.message}`, EXIT.usage);
    throw error;
  }
  const vaultDrill = plan.targets.some((t) => t.kind === "vault-static-role" || t.kind === "vault-dynamic-database");
  const token = process.env.VAULT_TOKEN;
  if (vaultDrill && !token)
    throw new CliError(`VAULT_TOKEN is not set: the drill runs as a member of ${plan.identity.vaultGroup}`, EXIT.usage);
  const ca = process.env.PGSSLROOTCERT;
  let report;
  try {
    report = await drillModule.runDrill(plan, inventoryPlan, {
      ...(process.env.VAULT_ADDR && { vaultAddress: process.env.VAULT_ADDR }),
      vault: (target) => new drillModule.RecordingVaultClient({ address: target.address, namespace: target.namespace, token: token ?? "" }),
      database: (target) =>
        drillModule.postgresLogin(
          target.database,
          ca ? { ca: require("node:fs").readFileSync(ca, "utf8"), rejectUnauthorized: true } : { rejectUnauthorized: true },
        ),
      // AWS credentials of the <org>-<env>.drill role from the default chain; AWS_ENDPOINT_URL for a local endpoint.
      secretsManager: (target) => {
        const { SecretsManagerClient } = require("@aws-sdk/client-secrets-manager") as typeof import("@aws-sdk/client-secrets-manager");
        return drillModule.secretsManagerApi(
          new SecretsManagerClient({
            region: target.region,
            ...(process.env.AWS_ENDPOINT_URL && { endpoint: process.env.AWS_ENDPOINT_URL }),
          }),
        );
      },
      now: () => Date.now(),
    });
  } catch (error) {
    if (error instanceof drillModule.DrillRefused) throw new CliError(`drill refused: ${error.message}`, EXIT.usage);
    throw error;
  }
  io.out(flags.format === "json" ? drillModule.formatDrillJson(report) : drillModule.formatDrillText(report));
  setExit(report.outcome === "failed" ? EXIT.findings : EXIT.ok);
}
