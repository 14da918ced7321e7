import type { Command } from "commander";
import { CliError, EXIT, type CliIo } from "../io";
import { printIssues } from "../report-issues";

export function registerRunbook(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("runbook")
    .description("Markdown incident runbook of a connector's credentials: who answers, where they live, revoke, quarantine, reissue, check")
    .argument("<inventory>", "inventory file (YAML or JSON)")
    .argument("<connector>", "connector id")
    .action(async (file: string, connectorId: string) => {
      const [{ validateInventoryFile }, { renderRunbook, UnknownConnectorError }] = [require("../../spec/load") as typeof import("../../spec/load"), require("../../runbook") as typeof import("../../runbook")];
      const result = validateInventoryFile(file);
      printIssues(io, result.issues, file);
      if (!result.ok || !result.inventory) {
        io.err(`${file}: invalid; no runbook`);
        setExit(EXIT.findings);
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
