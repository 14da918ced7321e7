/*
 * provider-round-trip: the live fixture applied to OpenBao with OpenTofu and the REAL hashicorp/vault
 * provider, then `tofu plan -detailed-exitcode` on every stack, which must report no changes (issue 12,
 * item 7). A difference in that plan is a drift: the stack sets a value the server stores differently,
 * so every later plan would change it again. Each drift found this way is fixed in the synthesized values
 * (lib/plan, lib/constructs) and taught to the live applier (vault-resources.ts), which stands in for
 * the provider where none exists (CI).
 *
 * It needs the provider in the plugin mirror (tools/engines/obtain-live-engines.sh --only vault-provider
 * with TF_PROVIDER_VAULT_BINARY=...): tools/live/run.sh calls it only then, and otherwise says that the
 * round trip did not run.
 *
 * Usage: tsx tools/live/provider-round-trip.ts [--fixture <inventory.yaml>]... [--validate <inventory.yaml>]...
 *          [--results <file.json>]
 * --validate synthesizes an inventory and runs `tofu validate` on the Vault part of every stack (the
 * AWS resources, data sources, provider and outputs set aside: no AWS provider is mirrored here).
 * Env:   TOFU_BIN, TF_CLI_CONFIG_FILE (from .tools/engines.env); LIVE_POSTGRES_ENV (optional);
 *        LIVE_KEEP=1 leaves the work directory (synth output, states, server log) for a look.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO } from "../../test/support/live/engines";
import { FIXTURE, prepareLiveRun, type PreparedLiveRun } from "../../test/support/live/live-env";

export interface StackRoundTrip {
  readonly fixture: string;
  readonly stack: string;
  /** Resources of the stack, by type. */
  readonly types: Readonly<Record<string, number>>;
  /** "Resources: N added" of the apply. */
  readonly added: number;
  /** Exit code of `tofu plan -detailed-exitcode` after the apply: 0 no changes, 2 changes. */
  readonly planExitCode: number;
  /** Addresses the second plan would change, with the attribute lines it shows. */
  readonly drift: readonly string[];
}

function tofu(args: string[], cwd: string, env: NodeJS.ProcessEnv): { status: number; stdout: string; stderr: string } {
  const bin = process.env.TOFU_BIN;
  if (!bin) throw new Error("TOFU_BIN is not set: source .tools/engines.env (tools/engines/obtain-live-engines.sh)");
  const run = spawnSync(bin, [...args, "-no-color"], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status ?? -1, stdout: run.stdout ?? "", stderr: run.stderr ?? "" };
}

/** The changed lines of a plan (`~ attr = a -> b`, `+`/`-` items), grouped under their resource. */
export function planDrift(planText: string): string[] {
  const lines = planText.split("\n");
  const drift: string[] = [];
  let current: string | undefined;
  for (const line of lines) {
    const header = /^\s*# (\S+) will be (updated in-place|created|destroyed|replaced)|^\s*# (\S+) must be replaced/.exec(line);
    if (header) {
      current = `${header[1] ?? header[3]} (${header[2] ?? "replaced"})`;
      drift.push(current);
      continue;
    }
    if (current && /^\s+[~+-] /.test(line) && !/^\s+[~+-] resource /.test(line)) drift.push(`    ${line.trim()}`);
  }
  return drift;
}

type StackJson = Record<string, any>;

/**
 * The Vault part of a synthesized stack: aws_* resources and data sources, the aws provider, and the
 * outputs that refer to AWS removed; undefined when no vault_* resource is left.
 */
export function vaultPart(stack: StackJson): StackJson | undefined {
  const isAws = (type: string) => type.startsWith("aws_");
  const resource = Object.fromEntries(Object.entries(stack.resource ?? {}).filter(([type]) => !isAws(type)));
  if (!Object.keys(resource).some((type) => type.startsWith("vault_"))) return undefined;
  const data = Object.fromEntries(Object.entries(stack.data ?? {}).filter(([type]) => !isAws(type)));
  const { aws: _provider, ...provider } = stack.provider ?? {};
  const { aws: _required, ...requiredProviders } = stack.terraform?.required_providers ?? {};
  const output = Object.fromEntries(
    Object.entries(stack.output ?? {}).filter(([, value]) => !/\$\{(data\.)?aws_/.test(JSON.stringify(value))),
  );
  const text = JSON.stringify({ resource, data, output, locals: stack.locals });
  if (/\$\{(data\.)?aws_/.test(text))
    throw new Error("a Vault resource, local or output refers to an AWS resource: the Vault part cannot be validated alone");
  // JSON.stringify leaves out the undefined members.
  return {
    ...stack,
    provider,
    terraform: { ...stack.terraform, required_providers: requiredProviders },
    resource,
    data: Object.keys(data).length > 0 ? data : undefined,
    output: stack.output ? output : undefined,
  };
}

/** `tofu validate` of the Vault part of every stack an inventory synthesizes to. */
export function validateInventory(inventory: string, log: (line: string) => void): { stack: string; types: Record<string, number> }[] {
  const work = mkdtempSync(join(tmpdir(), "validate-vault-"));
  try {
    execFileSync(join(REPO, "bin/etl-secrets"), ["synth", inventory, "--out", join(work, "synth")], {
      cwd: REPO,
      stdio: ["ignore", "ignore", "pipe"],
    });
    const validated: { stack: string; types: Record<string, number> }[] = [];
    for (const name of readdirSync(join(work, "synth", "stacks")).sort()) {
      const part = vaultPart(JSON.parse(readFileSync(join(work, "synth", "stacks", name, "cdk.tf.json"), "utf8")));
      if (!part) continue;
      const dir = join(work, "vault-part", name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify(part, null, 2));
      const init = tofu(["init", "-backend=false", "-input=false"], dir, process.env);
      if (init.status !== 0) throw new Error(`tofu init of ${name} (${inventory}) failed:\n${init.stdout}\n${init.stderr}`);
      const validate = tofu(["validate"], dir, process.env);
      if (validate.status !== 0) throw new Error(`tofu validate of ${name} (${inventory}) failed:\n${validate.stdout}\n${validate.stderr}`);
      const types = Object.fromEntries(Object.entries(part.resource).map(([type, byName]) => [type, Object.keys(byName as object).length]));
      log(
        `validate ${inventory} ${name}: ${validate.stdout.trim().split("\n")[0]} (${Object.values(types).reduce((a, b) => a + b, 0)} Vault resources)`,
      );
      validated.push({ stack: name, types });
    }
    return validated;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function stackTypes(file: string): Record<string, number> {
  const stack = JSON.parse(readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, unknown>> };
  return Object.fromEntries(Object.entries(stack.resource ?? {}).map(([type, byName]) => [type, Object.keys(byName).length]));
}

export async function roundTrip(fixture: string, log: (line: string) => void): Promise<StackRoundTrip[]> {
  const run: PreparedLiveRun = await prepareLiveRun({ fixture });
  const results: StackRoundTrip[] = [];
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      VAULT_ADDR: run.bao.address,
      VAULT_TOKEN: run.bao.rootToken,
      ...Object.fromEntries(Object.entries(run.variables).map(([name, value]) => [`TF_VAR_${name}`, value])),
    };
    const applied: { stack: string; dir: string; types: Record<string, number>; added: number }[] = [];
    for (const stack of run.stacks) {
      const dir = dirname(stack.file);
      log(`== ${stack.name}: tofu init + apply`);
      const init = tofu(["init", "-input=false"], dir, env);
      if (init.status !== 0) throw new Error(`tofu init in ${stack.name} failed:\n${init.stdout}\n${init.stderr}`);
      const apply = tofu(["apply", "-auto-approve", "-input=false"], dir, env);
      if (apply.status !== 0) throw new Error(`tofu apply in ${stack.name} failed:\n${apply.stdout.slice(-6000)}\n${apply.stderr}`);
      const added = Number(/Resources: (\d+) added/.exec(apply.stdout)?.[1] ?? NaN);
      log(`   ${/Apply complete!.*/.exec(apply.stdout)?.[0] ?? "(no summary)"}`);
      applied.push({ stack: stack.name, dir, types: stackTypes(stack.file), added });
    }
    // Every stack applied first: a stack's plan can read what a later stack changed (namespaces).
    for (const stack of applied) {
      const plan = tofu(["plan", "-detailed-exitcode", "-input=false"], stack.dir, env);
      if (plan.status === 1) throw new Error(`tofu plan in ${stack.stack} failed:\n${plan.stdout.slice(-6000)}\n${plan.stderr}`);
      const drift = plan.status === 2 ? planDrift(plan.stdout) : [];
      log(`== ${stack.stack}: second plan ${plan.status === 0 ? "empty (no changes)" : `NOT EMPTY (exit ${plan.status})`}`);
      for (const line of drift) log(`   ${line}`);
      results.push({ fixture, stack: stack.stack, types: stack.types, added: stack.added, planExitCode: plan.status, drift });
    }
  } finally {
    await run.stop();
  }
  return results;
}

async function main(argv: string[]): Promise<number> {
  const fixtures: string[] = [];
  const inventories: string[] = [];
  let resultsFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--fixture") fixtures.push(argv[++i]);
    else if (argv[i] === "--validate") inventories.push(argv[++i]);
    else if (argv[i] === "--results") resultsFile = argv[++i];
    else {
      process.stderr.write(`unknown argument ${argv[i]}\n`);
      return 2;
    }
  }
  const log = (line: string) => process.stdout.write(`[round-trip] ${line}\n`);
  const validated = inventories.flatMap((inventory) => validateInventory(inventory, log).map((v) => ({ inventory, ...v })));
  if (inventories.length > 0) log(`tofu validate passed on ${validated.length} Vault stack(s) of ${inventories.length} inventory(ies)`);
  const results: StackRoundTrip[] = [];
  for (const fixture of fixtures.length > 0 ? fixtures : [FIXTURE]) results.push(...(await roundTrip(fixture, log)));
  const types: Record<string, number> = {};
  for (const result of results) for (const [type, count] of Object.entries(result.types)) types[type] = (types[type] ?? 0) + count;
  const added = results.reduce((n, r) => n + r.added, 0);
  const drifting = results.filter((r) => r.planExitCode !== 0);
  log(
    `applied ${added} resources of ${Object.keys(types).length} types in ${results.length} stacks: ${Object.entries(types)
      .map(([t, n]) => `${t} x${n}`)
      .join(", ")}`,
  );
  log(drifting.length === 0 ? "second plan empty on every stack" : `second plan NOT empty on ${drifting.map((r) => r.stack).join(", ")}`);
  if (resultsFile) writeFileSync(resultsFile, `${JSON.stringify({ validated, added, types, stacks: results }, null, 2)}\n`);
  return drifting.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`provider-round-trip: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
