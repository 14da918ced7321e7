import type { Command } from "commander";
import { formatFinding } from "../../checks/run-checks";
import { ChecksFailedError, synthesizeInventory } from "../../constructs/synthesize";
import { validateInventoryFile } from "../../spec/load";
import { EXIT, type CliIo } from "../io";
import { printIssues } from "../report-issues";

export function registerSynth(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("synth")
    .description("synthesize the inventory into one Terraform stack per environment, Vault cluster and AWS account")
    .argument("<inventory>", "inventory file (YAML or JSON)")
    .requiredOption("--out <dir>", "output directory (stacks go to <dir>/stacks/<stack>/cdk.tf.json)")
    .action((file: string, options: { out: string }) => {
      const result = validateInventoryFile(file);
      printIssues(io, result.issues, file);
      if (!result.ok || !result.inventory) {
        io.err(`${file}: invalid; nothing was synthesized`);
        setExit(EXIT.findings);
        return;
      }
      let synthesis;
      try {
        synthesis = synthesizeInventory(result.inventory, options.out);
      } catch (error) {
        if (!(error instanceof ChecksFailedError)) throw error;
        io.err(error.message);
        io.err(`${file}: synth failed the secure-default checks; nothing was written`);
        setExit(EXIT.findings);
        return;
      }
      for (const finding of synthesis.findings.filter((f) => f.severity === "warning" || f.suppressedBecause)) {
        io.err(`${finding.suppressedBecause ? "suppressed" : "warning"}: ${formatFinding(finding)}`);
      }
      for (const stack of synthesis.stacks) io.out(`${options.out}/stacks/${stack}/cdk.tf.json`);
      setExit(EXIT.ok);
    });
}
