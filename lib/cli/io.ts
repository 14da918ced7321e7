/** Where the CLI writes: results to stdout, diagnostics to stderr. Injectable for tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

// A closed pipe (`etl-secrets register x | head`) is the reader's choice, not an error. Added once
// per process: a module loaded again (jest loads it per test file) must not add more listeners.
const EPIPE_HANDLED = Symbol.for("cdktf-etl-secrets.cli.epipe-handled");
for (const stream of [process.stdout, process.stderr] as (NodeJS.WriteStream & { [EPIPE_HANDLED]?: true })[]) {
  if (stream[EPIPE_HANDLED]) continue;
  stream[EPIPE_HANDLED] = true;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  });
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
};

/**
 * Exit codes shared by every command, and the only ones it uses (README, "CLI"):
 * 0 success; 1 findings or invalid input (spec issues, failed checks, a refused removal, a review
 * that destroys production data without a retirement); 2 usage (unknown command or option, a
 * directory argument that is not one, an --out synth must not write into); 3 internal error (a bug:
 * the message says so, and ETL_SECRETS_DEBUG=1 prints the stack).
 */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** A failure the user can act on: its message is printed as is, with no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.findings,
  ) {
    super(message);
  }
}
