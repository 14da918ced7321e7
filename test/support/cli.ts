import type { CliIo } from "../../lib/cli/io";
import { run } from "../../lib/cli/main";

/** Runs the CLI in-process: its exit code and everything it wrote to stdout and stderr. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) };
  return { code: await run(argv, io), out, err };
}
