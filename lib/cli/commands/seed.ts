import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import type { SeedDependencies } from "../../seed";
import { CliError, EXIT, type CliIo } from "../io";
import { printIssues } from "../report-issues";

/** Secrets Manager's own limit on a secret value. */
export const MAX_SEED_BYTES = 65536;

export interface SeedCommandDependencies extends SeedDependencies {
  /** Reads stdin; refuses a terminal (a value typed there lands in scrollback and shell history). */
  readStdin(): Promise<string>;
}

async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new CliError("stdin is a terminal: pipe the value in (e.g. `pass show etl/x | etl-secrets seed ...`), never type it", EXIT.usage);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_SEED_BYTES)
      throw new CliError(`stdin is larger than ${MAX_SEED_BYTES} bytes (the Secrets Manager limit): is this the right input?`, EXIT.usage);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function readVaultToken(): string | undefined {
  if (process.env.VAULT_TOKEN) return process.env.VAULT_TOKEN.trim();
  try {
    return readFileSync(join(homedir(), ".vault-token"), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

export const processSeedDependencies: SeedCommandDependencies = {
  readStdin: readProcessStdin,
  vaultToken: readVaultToken,
  // The AWS SDK loads only when a value goes to Secrets Manager.
  secretsManager: (region) =>
    (require("../../seed/secrets-manager") as typeof import("../../seed/secrets-manager")).sdkSecretsManagerClient(region),
};

export function registerSeed(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
  deps: SeedCommandDependencies = processSeedDependencies,
): void {
  program
    .command("seed")
    .description(
      "write a credential's first value, read from stdin, into its store (Vault KV or Secrets Manager) at run time, never through Terraform",
    )
    .argument("<inventory>", "inventory file (YAML or JSON)")
    .argument("<connector>", "connector id")
    .requiredOption("--env <environment>", "environment to seed")
    .option("--credential <name>", "credential of the connector", "main")
    .option("--overwrite", "write a new version over an existing value", false)
    .option("--vault-address <url>", "Vault address to use instead of the inventory's (a tunnel, a local proxy)")
    .action(
      async (
        file: string,
        connectorId: string,
        options: { env: string; credential: string; overwrite: boolean; vaultAddress?: string },
      ) => {
        const [{ validateInventoryFile }, { SeedError, seedCredential }] = [
          require("../../inventory/load") as typeof import("../../inventory/load"),
          require("../../seed") as typeof import("../../seed"),
        ];
        const result = validateInventoryFile(file);
        printIssues(io, result.issues, file);
        if (!result.ok || !result.inventory) {
          io.err(`${file}: invalid; nothing was seeded`);
          setExit(EXIT.findings);
          return;
        }
        if (options.vaultAddress !== undefined && !/^https?:\/\/[^\s]+$/.test(options.vaultAddress)) {
          throw new CliError(`--vault-address must be an http(s) URL, got "${options.vaultAddress}"`, EXIT.usage);
        }
        try {
          const raw = await deps.readStdin();
          const outcome = await seedCredential(
            {
              inventory: result.inventory,
              connectorId,
              environment: options.env,
              credentialName: options.credential,
              raw,
              overwrite: options.overwrite,
            },
            { ...deps, vaultAddress: options.vaultAddress },
          );
          io.out(`${outcome.store === "vault" ? "vault" : "secretsmanager"}: ${outcome.location} version ${outcome.version}`);
          for (const reminder of outcome.reminders) io.err(`next: ${reminder}`);
          setExit(EXIT.ok);
        } catch (error) {
          if (error instanceof SeedError) throw new CliError(error.message, error.kind === "usage" ? EXIT.usage : EXIT.findings);
          if (error instanceof CliError) throw error;
          // Anything else: its name only. An unexpected error's message could hold what was read.
          throw new CliError(
            `seed failed: ${(error as Error)?.name ?? "error"} (message withheld: it could quote the value)`,
            EXIT.internal,
          );
        }
      },
    );
}
