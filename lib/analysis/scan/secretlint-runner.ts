import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import type { RawMatch } from "./types";

/** A text to lint; `physicalPath` lets file-based rules (PKCS#12) read the bytes themselves. */
export interface LintInput {
  readonly path: string;
  readonly content: string;
  readonly physical: boolean;
}

/**
 * secretlint's configuration: the recommended preset (database connection strings, cloud and SaaS
 * tokens, private keys, basic auth), with the AWS access key id scan switched on and AWS account
 * ids allowed (an account id is an identifier, and every synthesized stack names one).
 */
const WORKER_SOURCE = String.raw`
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { coreUrl, presetUrl, sources } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const { lintSource } = await import(coreUrl);
const { creator } = await import(presetUrl);
const config = {
  rules: [{
    id: "@secretlint/secretlint-rule-preset-recommend",
    rule: creator,
    rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true }, allowMessageIds: ["AWSAccountID"] }],
  }],
};
const results = [];
for (const source of sources) {
  const result = await lintSource({
    source: { filePath: source.path, content: source.content, contentType: "text" },
    options: { config, maskSecrets: true, noPhysicFilePath: !source.physical },
  });
  results.push(result.messages.filter((m) => m.type === "message").map((m) => ({ ruleId: m.ruleId, messageId: m.messageId, start: m.range[0], end: m.range[1] })));
}
process.stdout.write(JSON.stringify(results));
`;

/** Raised when the secretlint worker fails; carries no source text. */
export class SecretlintError extends Error {}

/**
 * Runs secretlint over many texts in one child Node process. secretlint ships as ES modules only;
 * this library is CommonJS (and jest cannot import ES modules without experimental flags), so the
 * worker is a small ES module run by the same Node binary. It returns rule ids and offsets only:
 * secretlint's messages quote the secret, so they never leave the worker.
 */
export async function runSecretlint(inputs: readonly LintInput[]): Promise<RawMatch[][]> {
  if (inputs.length === 0) return [];
  const payload = JSON.stringify({
    coreUrl: pathToFileURL(require.resolve("@secretlint/core")).href,
    presetUrl: pathToFileURL(require.resolve("@secretlint/secretlint-rule-preset-recommend")).href,
    sources: inputs,
  });
  const child = spawn(process.execPath, ["--input-type=module", "--eval", WORKER_SOURCE], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", NODE_OPTIONS: "" },
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  const exit = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
  child.stdin.on("error", () => undefined); // a worker that died early is reported by its exit code
  child.stdin.end(payload);
  const code = await exit;
  if (code !== 0) {
    // The worker's stderr could quote source text in a stack trace: report only its first line's kind.
    const firstLine =
      Buffer.concat(stderr)
        .toString("utf8")
        .split("\n")
        .find((line) => /Error/.test(line)) ?? "";
    const kind = /^\s*(\w*Error)\b/.exec(firstLine)?.[1] ?? "unknown error";
    throw new SecretlintError(`secretlint worker failed (exit ${code}, ${kind}); is @secretlint/core installed?`);
  }
  return JSON.parse(Buffer.concat(stdout).toString("utf8")) as RawMatch[][];
}
