import type { Command } from "commander";
import { CliError, EXIT, type CliIo } from "../io";
import { NOW_OPTION, resolveNow } from "../now-option";
import { issuesAsJson, printIssues } from "../report-issues";

export function registerValidate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("validate")
    .description("check an inventory: every issue at once, with its path and line")
    .argument("<inventory>", "inventory file (YAML or JSON)")
    .option("--format <format>", "text | json", "text")
    .option(...NOW_OPTION)
    .action(async (file: string, options: { format: string; now?: string }) => {
      if (options.format !== "text" && options.format !== "json") {
        throw new CliError(`--format must be text or json, got "${options.format}"`, EXIT.usage);
      }
      // Loaded when the command runs, so `--help` and the other commands never pay for it.
      const { validateInventoryFile } = require("../../inventory/load") as typeof import("../../inventory/load");
      const result = validateInventoryFile(file, { now: resolveNow(options.now) });
      if (options.format === "json") {
        io.out(JSON.stringify({ ok: result.ok, issues: issuesAsJson(result.issues) }, null, 2));
      } else {
        printIssues(io, result.issues, file);
        const errors = result.issues.filter((issue) => issue.severity === "error").length;
        if (result.ok && result.inventory) {
          const inventory = result.inventory;
          io.out(`${file}: valid (${inventory.connectors.length} connector(s), ${inventory.environments.length} environment(s))`);
        } else {
          io.err(`${file}: invalid (${errors} error(s))`);
        }
      }
      setExit(result.ok ? EXIT.ok : EXIT.findings);
    });
}
