import { Command, CommanderError } from "commander";
import { registerAudit } from "./commands/audit";
import { registerRegister } from "./commands/register";
import { registerReview } from "./commands/review";
import { registerRunbook } from "./commands/runbook";
import { registerScan } from "./commands/scan";
import { registerSeed } from "./commands/seed";
import { registerSimulate } from "./commands/simulate";
import { registerSynth } from "./commands/synth";
import { registerValidate } from "./commands/validate";
import { registerWire } from "./commands/wire";
import { CliError, EXIT, processIo, type CliIo } from "./io";

/** Builds the `etl-secrets` program; commands report their exit code through `setExit`. */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command("etl-secrets")
    .description("ETL connector credentials: one inventory in, reviewable Terraform out")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
    .showHelpAfterError(false);
  registerValidate(program, io, setExit);
  registerSynth(program, io, setExit);
  registerRegister(program, io, setExit);
  registerScan(program, io, setExit);
  registerSeed(program, io, setExit);
  registerRunbook(program, io, setExit);
  registerSimulate(program, io, setExit);
  registerReview(program, io, setExit);
  registerAudit(program, io, setExit);
  registerWire(program, io, setExit);
  return program;
}

/** Runs the CLI and returns its exit code; never throws, never prints a stack trace. */
export async function run(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; anything else commander refuses is a usage error.
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help"
        ? EXIT.ok
        : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.err(`etl-secrets: ${error.message}`);
      return error.exitCode;
    }
    io.err(`etl-secrets: internal error: ${(error as Error)?.message ?? String(error)}`);
    if (process.env.ETL_SECRETS_DEBUG) io.err(String((error as Error)?.stack));
    return EXIT.internal;
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
