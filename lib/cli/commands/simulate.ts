import type { Command } from "commander";
import { CliError, EXIT, type CliIo } from "../io";
import { resolveNow } from "../now-option";

export function registerSimulate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("simulate")
    .description(
      "evaluate every principal x every credential x every action of a synth output against the intent manifest; exit 1 on any violation",
    )
    .argument(
      "<synth-dir>",
      'a synth output: `etl-secrets synth --out <dir>`, or cdktf.out of `npx cdktf synth` (stacks/*/cdk.tf.json; the intent travels in each stack\'s "//" metadata)',
    )
    .option("--format <format>", "text | json", "text")
    .option("--now <date>", "today (YYYY-MM-DD): an exception expired by then allows nothing; default: the system date")
    .option(
      "--exhaustive",
      "evaluate every decision one by one instead of only those a policy can reach (slow: principals x locations x actions; the same result, by the oracle the index is tested against)",
    )
    .action(async (dir: string, options: { format: string; now?: string; exhaustive?: boolean }) => {
      const now = resolveNow(options.now);
      if (options.format !== "text" && options.format !== "json")
        throw new CliError(`--format must be text or json, got "${options.format}"`, EXIT.usage);
      const [{ loadAccessModel, SynthDirError }, { simulate, simulateExhaustive, simulationJson, simulationText }] = [
        require("../../analysis/access-model") as typeof import("../../analysis/access-model"),
        require("../../analysis/simulate") as typeof import("../../analysis/simulate"),
      ];
      let model;
      try {
        model = loadAccessModel(dir);
      } catch (error) {
        if (error instanceof SynthDirError) throw new CliError(error.message, EXIT.usage);
        throw error;
      }
      noteIgnored(io, dir, model.ignoredStacks);
      const result = (options.exhaustive ? simulateExhaustive : simulate)(model, { now });
      for (const issue of result.issues) {
        io.err(
          `${issue.severity}: ${[issue.stack, issue.address].filter(Boolean).join(" ")}${issue.stack || issue.address ? ": " : ""}${issue.message}`,
        );
      }
      const errors = result.issues.filter((i) => i.severity === "error");
      if (errors.length > 0) {
        throw new CliError(
          `${dir}: ${errors.length} resource(s) the analysis cannot evaluate; no verdict (fix or model them first)`,
          EXIT.usage,
        );
      }
      for (const unmet of result.unmetIntent)
        io.err(`note: declared but not allowed: ${unmet.principal} ${unmet.action} ${unmet.resource} (${unmet.reason})`);
      io.out(options.format === "json" ? simulationJson(result) : simulationText(result));
      if (options.format === "json")
        io.err(`${result.decisions.evaluated} decision(s), ${result.violations.length} violation(s), ${result.decisions.blocked} blocked`);
      setExit(result.violations.length > 0 ? EXIT.findings : EXIT.ok);
    });
}

/** Stacks without the library's metadata (a team's own, beside a composed environment) are left out, and said so. */
export function noteIgnored(io: CliIo, dir: string, ignored: readonly string[] | undefined): void {
  if (!ignored || ignored.length === 0) return;
  io.err(
    `note: ${dir}: left out of the analysis: ${ignored.map((name) => `stacks/${name}`).join(", ")} (no etl-secrets metadata: not the library's stacks)`,
  );
}
