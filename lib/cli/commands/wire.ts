import type { Command } from "commander";
import { CliError, EXIT, type CliIo } from "../io";
import { printIssues } from "../report-issues";

/** Kept here (not imported from lib/wire) so `--help` lists the targets without loading the library. */
const TARGETS = ["airflow", "kubernetes", "ecs", "github-actions"] as const;

interface WireFlags {
  readonly env: string;
  readonly for: string;
  readonly format: string;
}

export function registerWire(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("wire")
    .description(
      "what one consumer's job needs to fetch its credentials at run time (Airflow secrets backend, Kubernetes annotations or SecretProviderClass, ECS task secrets, GitHub Actions steps); never a secret value",
    )
    .argument("<inventory>", "inventory file (YAML or JSON)")
    .argument("<consumer>", "consumer id, or a trusted orchestrator's id (how it delivers secret ids)")
    .requiredOption("--env <environment>", "environment name")
    .requiredOption("--for <target>", TARGETS.join(" | "))
    .option("--format <format>", "text | json (etl-secrets-wire/1)", "text")
    .action(async (file: string, consumer: string, flags: WireFlags) => {
      if (flags.format !== "text" && flags.format !== "json")
        throw new CliError(`--format must be text or json, got "${flags.format}"`, EXIT.usage);
      if (!(TARGETS as readonly string[]).includes(flags.for)) throw new CliError(`--for must be one of ${TARGETS.join(", ")}`, EXIT.usage);
      // Loaded when the command runs: the spec, the plan and lib/wire; never cdktf or the providers.
      const { validateInventoryFile } = require("../../inventory/load") as typeof import("../../inventory/load");
      const result = validateInventoryFile(file);
      printIssues(io, result.issues, file);
      if (!result.ok || !result.inventory) {
        io.err(`${file}: invalid; nothing to wire`);
        setExit(EXIT.findings);
        return;
      }
      const { planInventory } = require("../../plan/inventory-plan") as typeof import("../../plan/inventory-plan");
      const wire = require("../../wire") as typeof import("../../wire");
      let output;
      try {
        output = wire.wireConsumer(planInventory(result.inventory), { consumer, environment: flags.env, target: flags.for });
      } catch (error) {
        if (error instanceof wire.WireError)
          throw new CliError(error.message, error.kind === "target-does-not-fit" ? EXIT.findings : EXIT.usage);
        throw error;
      }
      io.out(flags.format === "json" ? wire.formatWireJson(output) : wire.formatWireText(output));
      setExit(EXIT.ok);
    });
}
