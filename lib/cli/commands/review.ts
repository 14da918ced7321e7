import type { Command } from "commander";
import type { AccessModel, SynthDir } from "../../analysis/access-model";
import { CliError, EXIT, type CliIo } from "../io";
import { NOW_OPTION, resolveNow } from "../now-option";
import { noteIgnored } from "./simulate";

/** The synth dir as read (the head's is read once: its removals come from the same read) and its access model. */
async function load(dir: string, which: string, io: CliIo): Promise<{ synth: SynthDir; model: AccessModel }> {
  const { buildAccessModel, readSynthDir, SynthDirError } =
    require("../../analysis/access-model") as typeof import("../../analysis/access-model");
  let synth: SynthDir;
  let model: AccessModel;
  try {
    synth = readSynthDir(dir);
    model = buildAccessModel(synth);
  } catch (error) {
    if (error instanceof SynthDirError) throw new CliError(`${which}: ${error.message}`, EXIT.usage);
    throw error;
  }
  noteIgnored(io, `${which} ${dir}`, model.ignoredStacks);
  const errors = model.issues.filter((issue) => issue.severity === "error");
  for (const issue of errors) io.err(`error: ${which}: ${[issue.stack, issue.address].filter(Boolean).join(" ")}: ${issue.message}`);
  if (errors.length > 0)
    throw new CliError(`${which} ${dir}: ${errors.length} resource(s) the analysis cannot evaluate; no review`, EXIT.usage);
  return { synth, model };
}

export function registerReview(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("review")
    .description(
      "Markdown for a pull request: access gained and lost grouped by consumer, credential and access (owner, class, regulations; production first), TTL/rotation/approval/MFA changes, new and removed credentials, destroyed resources in bold with their recovery window; exit 1 when production data is destroyed without a retirement or the head carries an expired boundary exception",
    )
    .argument(
      "<base-synth-dir>",
      "synth output of the base branch (`etl-secrets synth` or `npx cdktf synth`; older output with intent.json reads too)",
    )
    .argument("<head-synth-dir>", "synth output of the pull request (`etl-secrets synth` or `npx cdktf synth`)")
    .option(...NOW_OPTION)
    .option("--format <format>", "markdown | json (the report as data: every list sorted, the same bytes every time)", "markdown")
    .action(async (baseDir: string, headDir: string, options: { now?: string; format: string }) => {
      if (options.format !== "markdown" && options.format !== "json")
        throw new CliError(`--format must be markdown or json, got "${options.format}"`, EXIT.usage);
      const now = resolveNow(options.now);
      const { loadRemovalContext, reviewChanges, reviewMarkdown } =
        require("../../analysis/review") as typeof import("../../analysis/review");
      const base = await load(baseDir, "base", io);
      const head = await load(headDir, "head", io);
      const report = reviewChanges(base.model, head.model, loadRemovalContext(head.synth), { now });
      io.out(options.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : reviewMarkdown(report));
      if (report.blockingDestroys > 0)
        io.err(`review: ${report.blockingDestroys} production resource(s) holding data destroyed without a retirement`);
      if (report.exceptions.expired > 0)
        io.err(`review: ${report.exceptions.expired} boundary exception(s) in the head have expired (today ${now})`);
      setExit(report.blockingDestroys > 0 || report.exceptions.expired > 0 ? EXIT.findings : EXIT.ok);
    });
}
