/*
 * apply-vault-stack: a TEST HARNESS that applies a synthesized Vault stack (cdk.tf.json) to a
 * Vault-compatible server through its HTTP API. It stands in for `tofu apply` because the
 * hashicorp/vault provider 5.6.0 cannot be obtained on this workplace (the Go module proxy
 * refuses it; see tools/engines/README.md). It is NOT a Terraform replacement: no plan file, no
 * destroy, no import, no refresh of attributes it does not use; it knows only the vault_* types
 * in vault-resources.ts and fails loudly on anything else.
 *
 * What it does, like Terraform would:
 * - orders resources by references and depends_on, resolves `${type.name.attr}` and `${var.x}`;
 * - takes variables from `TF_VAR_<name>` (or --var name=value), including ephemeral ones;
 * - sends write-only arguments (`password_wo`) and records only their versions;
 * - reads each object back and writes only what differs, so a re-apply reports "no changes";
 * - works in the provider's namespace plus the resource's own `namespace` (X-Vault-Namespace).
 *
 * Usage: tsx tools/live/apply-vault-stack.ts <cdk.tf.json> --address http://127.0.0.1:8200
 *          [--token-env VAULT_TOKEN] [--state <file>] [--var name=value ...]
 * The token is read from VAULT_TOKEN (never from an argument).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { HANDLERS, type Action } from "./vault-resources";
import { providerConfigs, readTerraformJson, resolveValue, stackResources, type TerraformJson } from "./terraform-json";
import { joinNamespace, VaultClient } from "./vault-client";

export interface ApplyOptions {
  /** Path of cdk.tf.json, or the parsed stack. */
  readonly stack: string | TerraformJson;
  /** Server address; overrides the provider's `address` (the synthesized one names the real cluster). */
  readonly address: string;
  readonly token: string;
  /** Variable values, as TF_VAR_<name> would give them. */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** File of what the previous apply recorded (write-only versions, hashes); created if missing. */
  readonly stateFile?: string;
  /** Progress lines. @default none */
  readonly log?: (line: string) => void;
}

export interface AppliedResource {
  readonly address: string;
  readonly type: string;
  readonly namespace: string | undefined;
  readonly action: Action;
  readonly differences: readonly string[];
}

export interface ApplyResult {
  readonly resources: readonly AppliedResource[];
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** True when nothing was created or updated: Terraform's "No changes." */
  readonly noChanges: boolean;
}

type State = Record<string, Record<string, unknown>>;

/** Variables given as TF_VAR_<name> in an environment. */
export function variablesFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env)
      .filter(([key, value]) => key.startsWith("TF_VAR_") && value !== undefined)
      .map(([key, value]) => [key.slice("TF_VAR_".length), value as string]),
  );
}

export async function applyVaultStack(options: ApplyOptions): Promise<ApplyResult> {
  const stack = typeof options.stack === "string" ? readTerraformJson(options.stack) : options.stack;
  const log = options.log ?? (() => undefined);
  const providers = providerConfigs(stack, "vault");
  const resources = stackResources(stack);
  const unknown = [...new Set(resources.map((r) => r.type).filter((type) => !HANDLERS[type]))];
  if (unknown.length > 0) {
    throw new Error(
      `the live applier has no handler for ${unknown.join(", ")}: add one to tools/live/vault-resources.ts (it refuses to skip resources)`,
    );
  }
  for (const resource of resources) {
    if (!providers.has(resource.provider))
      throw new Error(`${resource.address}: provider ${resource.provider} is not configured in the stack`);
  }
  for (const [name, config] of providers) {
    if (config.token !== undefined) throw new Error(`provider ${name} carries a token in the stack; tokens come from the environment`);
  }
  const state: State =
    options.stateFile && existsSync(options.stateFile) ? (JSON.parse(readFileSync(options.stateFile, "utf8")) as State) : {};
  const root = new VaultClient(options.address, options.token);
  const applied = new Map<string, Record<string, unknown>>();
  const results: AppliedResource[] = [];
  const variables = options.variables ?? {};
  try {
    for (const resource of resources) {
      const attrs = resolveValue(resource.body, { resources: applied, variables, declared: stack.variable }) as Record<string, unknown>;
      const providerNamespace = providers.get(resource.provider)!.namespace as string | undefined;
      const namespace = joinNamespace(providerNamespace, attrs.namespace as string | undefined);
      const handler = HANDLERS[resource.type];
      let outcome;
      try {
        outcome = await handler({
          client: root.withNamespace(namespace),
          namespace,
          address: resource.address,
          attrs,
          previous: state[resource.address],
        });
      } catch (error) {
        throw new Error(`${resource.address}${namespace ? ` (namespace ${namespace})` : ""}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      // Write-only values never reach the recorded attributes other resources can read.
      const visible = Object.fromEntries(Object.entries(attrs).filter(([key]) => !/_wo$/.test(key) && key !== "password"));
      applied.set(resource.address, { ...visible, ...outcome.computed });
      // An endpoint that always exists (an engine's config) was "updated" from the server's defaults;
      // for Terraform it is a resource created into the state.
      const action: Action = outcome.action === "update" && !(resource.address in state) ? "create" : outcome.action;
      state[resource.address] = { ...(outcome.record ?? {}) };
      results.push({ address: resource.address, type: resource.type, namespace, action, differences: outcome.differences });
      log(
        `${action.padEnd(9)} ${resource.address}${namespace ? ` [${namespace}]` : ""}${action === "update" ? ` (${outcome.differences.join(", ")})` : ""}`,
      );
    }
  } finally {
    if (options.stateFile) writeFileSync(options.stateFile, `${JSON.stringify(state, null, 2)}\n`);
  }
  const count = (action: Action) => results.filter((r) => r.action === action).length;
  const created = count("create");
  const updated = count("update");
  return { resources: results, created, updated, unchanged: count("no-change"), noChanges: created + updated === 0 };
}

/** Terraform-like summary line. */
export function summarize(result: ApplyResult): string {
  return result.noChanges
    ? `No changes. ${result.unchanged} resource(s) match the server.`
    : `Apply complete! Resources: ${result.created} added, ${result.updated} changed, 0 destroyed (${result.unchanged} unchanged).`;
}

async function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  const vars: Record<string, string> = variablesFromEnv();
  let address = process.env.VAULT_ADDR ?? process.env.BAO_ADDR;
  let stateFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--address") address = argv[++i];
    else if (arg === "--state") stateFile = argv[++i];
    else if (arg === "--var") {
      const [name, ...value] = argv[++i].split("=");
      vars[name] = value.join("=");
    } else if (arg.startsWith("--")) {
      process.stderr.write(`unknown option ${arg}\n`);
      return 2;
    } else files.push(arg);
  }
  const token = process.env.VAULT_TOKEN ?? process.env.BAO_TOKEN;
  if (files.length === 0 || !address || !token) {
    process.stderr.write(
      "usage: apply-vault-stack <cdk.tf.json>... --address <url> [--state <file>] [--var name=value]; token from VAULT_TOKEN\n",
    );
    return 2;
  }
  for (const file of files) {
    process.stdout.write(`== ${file}\n`);
    const result = await applyVaultStack({
      stack: file,
      address,
      token,
      variables: vars,
      stateFile: stateFile ?? `${file}.live-apply-state.json`,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`${summarize(result)}\n`);
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`apply-vault-stack: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
