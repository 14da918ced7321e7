import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join, basename } from "node:path";
import type { Command } from "commander";
import type { SynthError } from "../../constructs/synthesize";
import type { SourceDocument } from "../../inventory/yaml-source";
import { CliError, EXIT, type CliIo } from "../io";
import { NOW_OPTION, resolveNow } from "../now-option";
import { printIssues } from "../report-issues";

/** File-system refusals of the output directory: the user's to fix, not a bug. */
const OUTPUT_ERRORS = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "ENOTDIR", "EEXIST", "EISDIR", "ENAMETOOLONG"]);

/** The ledger synth uses when none is named: `<inventory without extension>.ledger` beside the inventory. */
export function defaultLedgerFile(inventory: string): string {
  return join(dirname(inventory), `${basename(inventory, extname(inventory))}.ledger`);
}

// long-function: the synth command's options and its action in one commander chain, as every command of lib/cli/commands; the action is the steps in order (validate, ledger, synthesize, report)
export function registerSynth(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("synth")
    .description("synthesize the inventory into one Terraform stack per environment, Vault cluster and AWS account")
    .argument("<inventory>", "inventory file (YAML or JSON)")
    .requiredOption("--out <dir>", "output directory (stacks go to <dir>/stacks/<stack>/cdk.tf.json)")
    .option(
      "--ledger <file>",
      "committed address ledger to compare with and update; created when missing (default: <inventory>.ledger beside the inventory, when it exists)",
    )
    .option("--no-ledger", "do not compare with a ledger (nothing guards removals of production data)")
    .option(...NOW_OPTION)
    .action(async (file: string, options: { out: string; ledger?: string | boolean; now?: string }) => {
      // cdktf, the providers and the checks load only when synth runs (not for `--help` or other commands).
      const [
        { formatFinding },
        { ChecksFailedError, OutputDirError, RemovalRefusedError, SynthFailedError, synthesizeInventory },
        { LedgerError },
        { validateInventoryFile },
        { parseYamlSource },
      ] = [
        require("../../checks/run-checks") as typeof import("../../checks/run-checks"),
        require("../../constructs/synthesize") as typeof import("../../constructs/synthesize"),
        require("../../ledger") as typeof import("../../ledger"),
        require("../../inventory/load") as typeof import("../../inventory/load"),
        require("../../inventory/yaml-source") as typeof import("../../inventory/yaml-source"),
      ];
      // An expired exception refuses synth; the date never changes what is written.
      const result = validateInventoryFile(file, { now: resolveNow(options.now) });
      printIssues(io, result.issues, file);
      if (!result.ok || !result.inventory) {
        io.err(`${file}: invalid; nothing was synthesized`);
        setExit(EXIT.findings);
        return;
      }
      // The YAML's positions only place errors: parsed when an error is reported, never on success.
      let source: SourceDocument | undefined | null = null;
      const sourceOf = () => (source === null ? (source = readSource(file, parseYamlSource)) : source);
      const ledger = chooseLedger(
        file,
        options.ledger,
        result.inventory.environments.some((env) => env.tier === "production"),
        io,
      );
      let synthesis;
      try {
        synthesis = synthesizeInventory(result.inventory, options.out, {
          ledger,
          get document() {
            return sourceOf()?.value;
          },
        });
      } catch (error) {
        if (error instanceof OutputDirError) throw new CliError(error.message, EXIT.usage);
        const code = (error as NodeJS.ErrnoException)?.code;
        if (code && OUTPUT_ERRORS.has(code)) {
          throw new CliError(
            `${options.out}: cannot write the output there (${code}); name a writable directory. Nothing was changed`,
            EXIT.usage,
          );
        }
        if (error instanceof LedgerError) throw new CliError(`${error.message}; nothing was synthesized`, EXIT.findings);
        const [errors, what] =
          error instanceof ChecksFailedError
            ? [error.errors, "synth failed the secure-default checks"]
            : error instanceof RemovalRefusedError
              ? [error.errors, `synth refused: production data would be lost (compared with the ledger ${ledger})`]
              : error instanceof SynthFailedError
                ? [error.errors, "synth failed"]
                : [undefined, ""];
        if (!errors) throw error;
        for (const e of errors) io.err(located(e, file, sourceOf()));
        io.err(`${file}: ${what}; nothing was written (the previous output in ${options.out} is unchanged)`);
        setExit(EXIT.findings);
        return;
      }
      for (const finding of synthesis.findings.filter((f) => f.severity === "warning" || f.suppressedBecause)) {
        io.err(`${finding.suppressedBecause ? "suppressed" : "warning"}: ${formatFinding(finding)}`);
      }
      if (synthesis.ledgerWritten) io.err(`${ledger}: ledger updated; commit it with the inventory`);
      for (const stack of synthesis.stacks) io.out(`${options.out}/stacks/${stack}/cdk.tf.json`);
      setExit(EXIT.ok);
    });
}

/**
 * `--ledger <file>`: that file (created by the first synth). Otherwise `<inventory>.ledger` beside
 * the inventory when it exists; when it does not, a warning says how to create it (so that running
 * synth on some file never leaves a ledger behind unasked). `--no-ledger`: none, silently.
 */
function chooseLedger(inventory: string, option: string | boolean | undefined, production: boolean, io: CliIo): string | undefined {
  if (option === false) return undefined;
  if (typeof option === "string") return option;
  const file = defaultLedgerFile(inventory);
  if (existsSync(file)) return file;
  if (production) {
    io.err(
      `warning: no ledger at ${file}: nothing guards production data against removal; create it with --ledger ${file} and commit it (or pass --no-ledger)`,
    );
  }
  return undefined;
}

function readSource(file: string, parseYamlSource: (text: string) => SourceDocument): SourceDocument | undefined {
  try {
    return parseYamlSource(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** `file:line: path: message`, as validate prints spec issues. */
function located(error: SynthError, file: string, source: SourceDocument | undefined): string {
  const at = error.path.length > 0 ? source?.lineOf(error.path, "key") : undefined;
  const { formatIssue } = require("../../inventory/issues") as typeof import("../../inventory/issues");
  return formatIssue({ path: error.path, message: error.message, severity: "error", code: "synth", line: at?.line }, file);
}
