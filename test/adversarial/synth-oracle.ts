/*
 * What the synth half of the adversarial property checks on a synth directory, independently of the
 * generator's naming code: server objects written twice (the ledger's identities and the analysis'
 * server-identity resolver, both read from the JSON, compared as the services compare them), live Terraform templates or cross-stack reads the library
 * did not make, and canaries in any file.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { readSynthDir } from "../../lib/analysis/access-model/synth-dir";
import { loadAccessModel } from "../../lib/analysis/access-model";
import { collidingObjects, serverObjectsOf } from "../../lib/analysis/identity";
import { simulate } from "../support/analysis/simulate-checked";
import { ledgerOfSynth } from "../../lib/ledger";

export interface SynthFindings {
  readonly duplicates: readonly string[];
  /** What `simulate` finds beyond intent, across a boundary, or cannot evaluate (declared exceptions allowed). */
  readonly violations: readonly string[];
  readonly liveTemplates: readonly string[];
  readonly canaries: readonly string[];
}

/** IAM and S3 compare names without case; Vault policy names are lower-cased by Vault. */
const CASE_INSENSITIVE_KINDS = /^(iam-role|iam-role-policy|s3-bucket|policy)$/;

export function synthFindings(dir: string, canaries: readonly string[]): SynthFindings {
  const synth = readSynthDir(dir);
  const ledger = ledgerOfSynth(synth);
  const byIdentity = new Map<string, string[]>();
  for (const entry of ledger.entries) {
    const [scope, kind, ...name] = entry.identity.split(" ");
    if (name.length === 0) continue;
    const key = `${scope} ${kind} ${CASE_INSENSITIVE_KINDS.test(kind) ? name.join(" ").toLowerCase() : name.join(" ")}`;
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), `${entry.stack}:${entry.address}`]);
  }
  const duplicates = [...byIdentity].filter(([, writers]) => writers.length > 1).map(([key, writers]) => `${key} <- ${writers.join(", ")}`);
  // The analysis' resolver too: it routes Vault paths as Vault does (a root mount etl/prod/kv is
  // the mount kv of namespace etl/prod), which the ledger's identities do not.
  for (const [key, writers] of collidingObjects(serverObjectsOf(synth))) {
    duplicates.push(`${key} <- ${writers.map((w) => `${w.stack}:${w.address}`).join(", ")}`);
  }

  // The simulation with the generator's own exceptions only (the generator declares none): the
  // accepted output grants nothing across an environment or account, or beyond the intent.
  const simulation = simulate(loadAccessModel(dir), { now: "2026-12-03" });
  const violations = [
    ...simulation.violations.map((v) => `${v.kind} ${v.principal} -> ${v.resource} (${v.reason})`),
    ...simulation.issues
      .filter((issue) => issue.severity === "error")
      .map((issue) => `cannot evaluate ${issue.stack ?? ""} ${issue.address ?? ""}: ${issue.message}`),
  ];

  const liveTemplates: string[] = [];
  for (const stack of synth.stacks) {
    const declared = declaredNames(stack.json);
    const data = (stack.json.data ?? {}) as Record<string, unknown>;
    if ("terraform_remote_state" in data) liveTemplates.push(`${stack.name}: reads another stack's state`);
    walk(stack.json, "", (path, text) => {
      if (/(^|[^%])%\{/.test(text.replace(/%%\{/g, ""))) liveTemplates.push(`${stack.name}:${path}: template directive`);
      for (const match of text.replace(/\$\$\{/g, "").matchAll(/\$\{([^}]*)\}/g)) {
        const expression = match[1];
        const reference = /^(var|local|data\.[a-z0-9_]+|[a-z0-9_]+)\.([A-Za-z0-9_-]+)(\.[A-Za-z0-9_]+|\[\d+\])*$/.exec(expression);
        if (!reference || !declared.has(`${reference[1]}.${reference[2]}`)) liveTemplates.push(`${stack.name}:${path}: live expression`);
      }
    });
  }

  const found: string[] = [];
  for (const file of files(dir)) {
    const text = readFileSync(file, "latin1");
    for (const canary of canaries) if (text.includes(canary)) found.push(`${file} carries a canary`);
  }
  return { duplicates, violations, liveTemplates, canaries: found };
}

function declaredNames(json: Readonly<Record<string, unknown>>): Set<string> {
  const names = new Set<string>();
  for (const [type, byName] of Object.entries((json.resource ?? {}) as Record<string, object>))
    for (const name of Object.keys(byName)) names.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries((json.data ?? {}) as Record<string, object>))
    for (const name of Object.keys(byName)) names.add(`data.${type}.${name}`);
  for (const name of Object.keys((json.variable ?? {}) as object)) names.add(`var.${name}`);
  for (const name of Object.keys((json.locals ?? {}) as object)) names.add(`local.${name}`);
  return names;
}

function walk(value: unknown, path: string, visit: (path: string, text: string) => void): void {
  if (typeof value === "string") visit(path, value);
  else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`, visit));
  else if (value && typeof value === "object")
    for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key, visit);
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else out.push(path);
  }
  return out;
}
