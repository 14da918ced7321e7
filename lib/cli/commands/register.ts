import type { Command } from "commander";
import { CliError, EXIT, type CliIo } from "../io";
import { printIssues } from "../report-issues";

const FORMATS = ["md", "json", "csv"];

export function registerRegister(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("register")
    .description("the credential register: owner, purpose, class, rotation, review dates; flags what needs attention")
    .argument("<inventory>", "inventory file (YAML or JSON)")
    .option("--format <format>", "md | json | csv", "md")
    .option("--today <date>", "date that decides overdue reviews (YYYY-MM-DD)", new Date().toISOString().slice(0, 10))
    .option(
      "--observed <audit.json>",
      "merge an `etl-secrets audit --format json` report (repeat: one per environment): flag overdue-rotation, show the last change",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(async (file: string, options: { format: string; today: string; observed?: string[] }) => {
      if (!FORMATS.includes(options.format))
        throw new CliError(`--format must be one of ${FORMATS.join(", ")}, got "${options.format}"`, EXIT.usage);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today))
        throw new CliError(`--today must be a date YYYY-MM-DD, got "${options.today}"`, EXIT.usage);
      const [
        { validateInventoryFile },
        { buildRegister },
        { exceptionRegister, exceptionsToMarkdown },
        { registerToCsv, registerToMarkdown },
      ] = [
        require("../../inventory/load") as typeof import("../../inventory/load"),
        require("../../register/register") as typeof import("../../register/register"),
        require("../../register/register-exceptions") as typeof import("../../register/register-exceptions"),
        require("../../register/register-format") as typeof import("../../register/register-format"),
      ];
      const result = validateInventoryFile(file);
      printIssues(io, result.issues, file);
      if (!result.ok || !result.inventory) {
        io.err(`${file}: invalid; no register`);
        setExit(EXIT.findings);
        return;
      }
      let rows = buildRegister(result.inventory, options.today);
      if (options.observed) {
        const { readFileSync } = require("node:fs") as typeof import("node:fs");
        const { readObservedReport, mergeObserved, ObservedReportError } =
          require("../../register/register-observed") as typeof import("../../register/register-observed");
        const inventory = result.inventory;
        try {
          const reports = options.observed.map((path) => {
            let text: string;
            try {
              text = readFileSync(path, "utf8");
            } catch {
              throw new ObservedReportError(`--observed ${path}: cannot read the file`);
            }
            return readObservedReport(text, `--observed ${path}`, inventory);
          });
          rows = mergeObserved(rows, reports);
        } catch (error) {
          if (error instanceof ObservedReportError) throw new CliError(error.message, EXIT.usage);
          throw error;
        }
      }
      const exceptions = exceptionRegister(result.inventory, options.today);
      const withExceptions = exceptions.length > 0 ? { exceptions } : {};
      if (options.format === "json")
        io.out(
          JSON.stringify(
            { organization: result.inventory.organization, asOf: options.today, credentials: rows, ...withExceptions },
            null,
            2,
          ),
        );
      else if (options.format === "csv") io.out(registerToCsv(rows));
      else {
        const markdown = registerToMarkdown(rows, result.inventory.organization, options.today);
        io.out(exceptions.length > 0 ? `${markdown.replace(/\n*$/, "\n")}\n${exceptionsToMarkdown(exceptions)}` : markdown);
      }
      setExit(EXIT.ok);
    });
}
