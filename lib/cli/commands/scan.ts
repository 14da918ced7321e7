import { existsSync, readFileSync, statSync } from "node:fs";
import type { Command } from "commander";
import type { AllowlistEntry } from "../../analysis/scan";
import { DEFAULT_MAX_FILE_BYTES } from "../../analysis/scan/walk";
import { CliError, EXIT, type CliIo } from "../io";

/** Read from the working directory when `--allowlist` is not given (absent: no allowlist). */
export const DEFAULT_ALLOWLIST = ".etl-secrets-allowlist";

function loadAllowlist(file: string | undefined): AllowlistEntry[] {
  const path = file ?? DEFAULT_ALLOWLIST;
  if (!file && !existsSync(path)) return [];
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new CliError(`--allowlist ${path}: not a file`, EXIT.usage);
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read allowlist ${path}: ${code === "ENOENT" ? "no such file" : (code ?? "read error")}`, EXIT.usage);
  }
  const { parseAllowlist } = require("../../analysis/scan/allowlist") as typeof import("../../analysis/scan/allowlist");
  const parsed = parseAllowlist(text, path);
  if (parsed.errors.length > 0) throw new CliError(`invalid allowlist:\n${parsed.errors.join("\n")}`, EXIT.usage);
  return [...parsed.entries];
}

export function registerScan(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("scan")
    .description("scan code, configuration, logs and synth output for secrets; findings are masked, exit 1 when any")
    .argument("<paths...>", "files or directories (directories are walked; node_modules and .git are skipped)")
    .option("--format <format>", "text | json", "text")
    .option(
      "--allowlist <file>",
      `known fakes: a sha256 or /regex/ per line, each with "# reason" (default ${DEFAULT_ALLOWLIST} if present)`,
    )
    .option("--max-file-bytes <n>", "skip larger files", String(DEFAULT_MAX_FILE_BYTES))
    .action(async (paths: string[], options: { format: string; allowlist?: string; maxFileBytes: string }) => {
      if (options.format !== "text" && options.format !== "json")
        throw new CliError(`--format must be text or json, got "${options.format}"`, EXIT.usage);
      const maxFileBytes = Number(options.maxFileBytes);
      if (!Number.isInteger(maxFileBytes) || maxFileBytes <= 0)
        throw new CliError(`--max-file-bytes must be a positive integer, got "${options.maxFileBytes}"`, EXIT.usage);
      // The scanner loads when the command runs, so `--help` and the other commands never pay for it.
      const { formatFindingsJson, formatFindingsText, scanPaths } = require("../../analysis/scan") as typeof import("../../analysis/scan");
      const allowlist = loadAllowlist(options.allowlist);
      const result = await scanPaths(paths, { allowlist, maxFileBytes });
      for (const error of result.errors) io.err(`error: ${error}`);
      for (const skipped of result.skipped) io.err(`note: ${skipped.file}: ${skipped.reason}`);
      for (const entry of result.unusedAllowlistEntries) io.err(`warning: allowlist entry matched nothing (${entry}); remove it`);
      if (options.format === "json") io.out(formatFindingsJson(result));
      else if (result.findings.length > 0) io.out(formatFindingsText(result));
      const allowedNote = result.allowed.length > 0 ? `, ${result.allowed.length} allowed by the allowlist` : "";
      io.err(`${result.scannedFiles} file(s) scanned: ${result.findings.length} finding(s)${allowedNote}`);
      if (result.findings.length > 0) setExit(EXIT.findings);
      else if (result.errors.length > 0) setExit(EXIT.usage);
      else setExit(EXIT.ok);
    });
}
