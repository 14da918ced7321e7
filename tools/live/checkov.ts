/*
 * Checkov (--framework terraform_json) over the synth output of every example inventory
 * (issue 7, part 5). The real output is never edited: each stack is copied, and from the copy
 * only what Checkov's parser cannot take is removed (terraform.required_version). Findings are
 * matched against checkov/skips.yaml, the list the package ships (each skip with a written reason,
 * narrowed to resources or a tag); zero unskipped failures are required. checkov/checkov.yaml is the
 * same list as a stock Checkov configuration file (`checkov --config-file`), for a security team's
 * own run; `--write-config` regenerates it and a unit test fails while it is stale.
 *
 * Usage: tsx tools/live/checkov.ts [--keep <dir>]   (CHECKOV_BIN from .tools/engines.env)
 *        tsx tools/live/checkov.ts --write-config
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";

const REPO = resolve(__dirname, "../..");

export const INVENTORIES = (): string[] => [
  ...readdirSync(join(REPO, "examples"))
    .map((name) => join(REPO, "examples", name, "connectors.yaml"))
    .filter(existsSync)
    .sort(),
  join(REPO, "test/fixtures/inventories/acme.yaml"),
  join(REPO, "test/fixtures/inventories/realworld.yaml"),
  join(REPO, "test/fixtures/inventories/static-role-watch.yaml"),
  join(REPO, "test/fixtures/live/vault-only.yaml"),
];

interface Skip {
  readonly check: string;
  readonly resources?: readonly string[];
  readonly tag?: string;
  /** Text the resource's synthesized body must contain (a condition the check cannot see). */
  readonly bodyContains?: string;
  readonly reason: string;
}

interface Finding {
  readonly check: string;
  readonly name: string;
  readonly resource: string;
  readonly file: string;
  readonly skippedBecause?: string;
}

function glob(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
}

/** The shipped skip list (narrowed, with reasons) and the stock Checkov configuration made from it. */
export const SKIPS_FILE = join(REPO, "checkov/skips.yaml");
export const CHECKOV_CONFIG_FILE = join(REPO, "checkov/checkov.yaml");

export function loadSkips(file = SKIPS_FILE): Skip[] {
  const doc = parse(readFileSync(file, "utf8")) as { skips?: Skip[] };
  const skips = doc.skips ?? [];
  for (const skip of skips) {
    if (!/^CKV2?_[A-Z0-9_]+$/.test(skip.check ?? "")) throw new Error(`checkov-skips.yaml: "${skip.check}" is not a Checkov check id`);
    if (!skip.reason || skip.reason.trim().length < 40)
      throw new Error(`checkov-skips.yaml: ${skip.check} needs a written reason (at least a sentence)`);
    if (!skip.resources && !skip.tag)
      throw new Error(`checkov-skips.yaml: ${skip.check} must be narrowed to resources or a tag, never skipped everywhere`);
  }
  return skips;
}

/**
 * checkov/checkov.yaml: the skips as a stock Checkov configuration (`checkov --config-file`). Stock
 * Checkov takes only check ids (no resource, tag or body narrowing, and no key of its own: it refuses
 * unknown keys), so each check is skipped for the whole scanned directory and the reasons travel as
 * comments; skips.yaml beside it says which resources each skip is meant for.
 */
export function checkovConfigText(skips: readonly Skip[]): string {
  const checks = [...new Set(skips.map((skip) => skip.check))].sort();
  const lines = [
    "# Checkov configuration for the Terraform JSON that cdktf-etl-secrets synthesizes:",
    "#   checkov --config-file node_modules/cdktf-etl-secrets/checkov/checkov.yaml -d cdktf.out/stacks/<stack>",
    "# GENERATED from skips.yaml (npx tsx tools/live/checkov.ts --write-config); do not edit by hand.",
    "# Stock Checkov cannot narrow a skip to resources, so each check below is skipped for EVERY resource",
    "# it scans: point it at the library's own stacks, not at a stack that also holds your resources.",
    "# skips.yaml beside this file narrows every skip to the resources (or tag) it is meant for.",
    "framework:",
    "  - terraform_json",
    "skip-check:",
  ];
  for (const check of checks) {
    const reasons = skips.filter((skip) => skip.check === check);
    for (const skip of reasons) {
      const scope = [
        skip.resources ? `resources ${skip.resources.join(", ")}` : "",
        skip.tag ? `tag ${skip.tag}` : "",
        skip.bodyContains ? `body contains ${skip.bodyContains}` : "",
      ]
        .filter(Boolean)
        .join("; ");
      lines.push(`  # ${check} (${scope}):`);
      for (const line of wrap(skip.reason.trim().replace(/\s+/g, " "), 96)) lines.push(`  #   ${line}`);
    }
    lines.push(`  - ${check}`);
  }
  return `${lines.join("\n")}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Copies a stack for Checkov, without what its terraform_json parser cannot take. */
export function checkovCopy(stack: Record<string, any>): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(stack)) as Record<string, any>;
  if (copy.terraform) delete copy.terraform.required_version;
  return copy;
}

/** The body of a resource a finding names, for tag-narrowed skips. */
function resourceBody(file: string, address: string): Record<string, any> | undefined {
  const stack = JSON.parse(readFileSync(file, "utf8")) as Record<string, any>;
  const [type, ...rest] = address.split(".");
  const name = rest.join(".");
  if (type !== "resource" && stack.resource?.[type]?.[name]) return stack.resource[type][name];
  for (const byName of Object.values<Record<string, any>>(stack.resource ?? {}))
    if (byName[name] ?? byName[address]) return byName[name] ?? byName[address];
  return undefined;
}

function main(argv: string[]): number {
  if (argv[0] === "--write-config") {
    writeFileSync(CHECKOV_CONFIG_FILE, checkovConfigText(loadSkips()));
    process.stdout.write(`wrote ${relative(REPO, CHECKOV_CONFIG_FILE)}\n`);
    return 0;
  }
  const started = Date.now();
  const checkov = process.env.CHECKOV_BIN;
  if (!checkov || !existsSync(checkov)) {
    process.stderr.write(
      `checkov: CHECKOV_BIN is not set or missing (${checkov ?? ""}): run tools/engines/obtain-live-engines.sh --only checkov\n`,
    );
    return 1;
  }
  const keep = argv[0] === "--keep" ? argv[1] : undefined;
  const work = keep ?? mkdtempSync(join(tmpdir(), "live-checkov-"));
  const copies = join(work, "copy");
  mkdirSync(copies, { recursive: true });
  let stacks = 0;
  for (const inventory of INVENTORIES()) {
    const label = relative(REPO, inventory).replace(/[/.]/g, "_");
    const out = join(work, "synth", label);
    mkdirSync(dirname(out), { recursive: true }); // synth --out creates only the last directory
    const synth = spawnSync(join(REPO, "bin/etl-secrets"), ["synth", inventory, "--out", out], { cwd: REPO, encoding: "utf8" });
    if (synth.status !== 0)
      throw new Error(`synth of ${relative(REPO, inventory)} failed (exit ${synth.status}):\n${synth.stderr.slice(-2000)}`);
    for (const stack of readdirSync(join(out, "stacks")).sort()) {
      const source = join(out, "stacks", stack, "cdk.tf.json");
      const target = join(copies, label, stack, "cdk.tf.json");
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, JSON.stringify(checkovCopy(JSON.parse(readFileSync(source, "utf8")))));
      stacks++;
    }
  }
  const run = spawnSync(checkov, ["-d", copies, "--framework", "terraform_json", "-o", "json", "--skip-download", "--quiet", "--compact"], {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, BC_SKIP_MAPPING: "TRUE", CKV_IGNORE_HIDDEN_DIRECTORIES: "true" },
  });
  if (run.status !== 0 && run.status !== 1) {
    process.stderr.write(`checkov failed to run (exit ${run.status}):\n${run.stderr.slice(-3000)}\n`);
    return 1;
  }
  const reports = ([] as any[]).concat(JSON.parse(run.stdout));
  const skips = loadSkips();
  const used = new Set<Skip>();
  const failed: Finding[] = [];
  const skipped: Finding[] = [];
  let passed = 0;
  let parsingErrors = 0;
  for (const report of reports) {
    passed += report.summary?.passed ?? 0;
    parsingErrors += report.summary?.parsing_errors ?? 0;
    for (const check of report.results?.failed_checks ?? []) {
      const file = join(copies, String(check.file_path).replace(/^\//, ""));
      const finding: Finding = { check: check.check_id, name: check.check_name, resource: check.resource, file: relative(copies, file) };
      const skip = skips.find(
        (s) =>
          s.check === finding.check &&
          (!s.resources || s.resources.some((pattern) => glob(pattern).test(finding.resource))) &&
          (!s.tag || resourceBody(file, finding.resource)?.tags?.[s.tag] !== undefined) &&
          (!s.bodyContains || JSON.stringify(resourceBody(file, finding.resource) ?? {}).includes(s.bodyContains)),
      );
      if (skip) {
        used.add(skip);
        skipped.push({ ...finding, skippedBecause: skip.reason });
      } else failed.push(finding);
    }
  }
  const stale = skips.filter((s) => !used.has(s));
  const byCheck = new Map<string, Finding[]>();
  for (const finding of failed)
    byCheck.set(`${finding.check} ${finding.name}`, [...(byCheck.get(`${finding.check} ${finding.name}`) ?? []), finding]);
  for (const [check, findings] of [...byCheck].sort()) {
    process.stdout.write(`FAILED ${check} (${findings.length})\n`);
    for (const f of findings) process.stdout.write(`    ${f.file}: ${f.resource}\n`);
  }
  for (const s of stale)
    process.stdout.write(`STALE SKIP ${s.check} ${s.resources?.join(",") ?? ""} ${s.tag ?? ""}: it matches no finding; remove it\n`);
  const summary = {
    checkov: process.env.CHECKOV_VERSION ?? "",
    inventories: INVENTORIES().length,
    stacks,
    passed,
    failed: failed.length,
    skipped: skipped.length,
    parsingErrors,
    staleSkips: stale.length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  const resultFile = process.env.LIVE_CHECKOV_RESULTS ?? join(REPO, ".state/live/checkov-results.json");
  mkdirSync(dirname(resultFile), { recursive: true });
  writeFileSync(
    resultFile,
    `${JSON.stringify({ ...summary, failures: failed, skips: skipped.map((s) => ({ check: s.check, resource: s.resource, file: s.file })) }, null, 2)}\n`,
  );
  process.stdout.write(
    `checkov ${summary.checkov}: ${stacks} stacks of ${summary.inventories} inventories: ${passed} passed, ${failed.length} failed, ${skipped.length} skipped (with reasons), ${parsingErrors} parsing errors, ${summary.seconds}s\n`,
  );
  if (!keep) rmSync(work, { recursive: true, force: true });
  return failed.length === 0 && parsingErrors === 0 && stale.length === 0 && stacks > 0 && passed > 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
