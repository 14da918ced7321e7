import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The committed corpus of real OpenBao audit lines (tools/openbao-audit-corpus.ts regenerates it). */
export const OPENBAO_AUDIT_CORPUS_VERSION = "2.7.2";

export interface CorpusLine {
  readonly index: number;
  /** The line exactly as OpenBao wrote it. */
  readonly text: string;
  readonly entry: Record<string, any>;
  readonly scenario: string;
  /** The environment whose namespace the request was made in ("" for the root namespace). */
  readonly environment: string;
}

export const OPENBAO_AUDIT_CORPUS_DIR = join(__dirname, "..", "fixtures", "openbao-audit");

/** The corpus of a version, from the committed fixtures or another directory (a fresh capture). */
export function openBaoAuditCorpus(version = OPENBAO_AUDIT_CORPUS_VERSION, dir = OPENBAO_AUDIT_CORPUS_DIR): CorpusLine[] {
  const texts = readFileSync(join(dir, `${version}.jsonl`), "utf8")
    .split("\n")
    .filter((l) => l.length > 0);
  const { labels } = JSON.parse(readFileSync(join(dir, `${version}.labels.json`), "utf8")) as {
    labels: { line: number; scenario: string; environment: string }[];
  };
  if (labels.length !== texts.length) throw new Error(`corpus ${version}: ${texts.length} lines but ${labels.length} labels`);
  return texts.map((text, index) => {
    const label = labels[index]!;
    if (label.line !== index) throw new Error(`corpus ${version}: label ${index} names line ${label.line}`);
    return { index, text, entry: JSON.parse(text), scenario: label.scenario, environment: label.environment };
  });
}
