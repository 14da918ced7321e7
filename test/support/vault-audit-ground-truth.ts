import { filterPatternMatches } from "./cloudwatch-filter-pattern";
import type { CorpusLine } from "./openbao-audit-corpus";
import type { VaultAuditEnvironmentInput } from "../../lib/policy/vault-audit/signals";

/** The corpus' environments as the library would describe them (tools/openbao-audit-corpus.ts sets them up so). */
export function corpusInput(
  environment: string,
  quarantinedPaths: readonly string[] = ["kv/data/connectors/legacy-ftp/main"],
): VaultAuditEnvironmentInput {
  return {
    environment,
    namespace: `etl/${environment}`,
    mounts: {
      kv: "kv",
      database: "database",
      pki: "pki",
      ssh: "ssh",
      aws: "aws",
      gcp: "gcp",
      approle: "approle",
      otherLogins: ["jwt", "kubernetes"],
    },
    quarantinedPaths,
  };
}

/**
 * Ground truth: on which corpus lines each signal must fire, from the scenario labels alone (what the
 * tool did), never from the line's content. `undefined` = not judged (the dev server's own start-up).
 */
export function expected(signal: string, environment: string, line: CorpusLine): boolean | undefined {
  const type = line.entry.type as string;
  const here = line.environment === environment;
  switch (signal) {
    case "vault-permission-denied":
      return here && type === "response" && ["permission-denied", "quarantined-denied"].includes(line.scenario);
    case "vault-quarantined-access":
      return here && type === "request" && ["quarantined-denied", "quarantined-read", "quarantined-write"].includes(line.scenario);
    case "vault-login-unknown-role":
      // OpenBao answers a JWT login with a bad token for an EXISTING role exactly like one for a role
      // that does not exist (HMAC'd data.error, no outer error): the signal counts both, by design of
      // what the log holds (lib/policy/vault-audit/signals.ts). Kubernetes and AppRole tell them apart.
      return (
        here &&
        type === "response" &&
        ["login-deleted-approle", "login-deleted-jwt", "login-deleted-kubernetes", "login-bad-token-jwt"].includes(line.scenario)
      );
    case "vault-secret-reads":
      return here && type === "response" && ["normal-read", "quarantined-read", "root-read"].includes(line.scenario);
    case "root-token":
      if (line.scenario === "server-start") return undefined;
      return type === "request" && ["setup", "quarantined-write", "root-read"].includes(line.scenario);
  }
  throw new Error(`no ground truth for ${signal}`);
}

export function confusion(corpus: readonly CorpusLine[], signal: string, pattern: string, environment: string) {
  const result = { tp: 0, fp: [] as string[], fn: [] as string[] };
  for (const line of corpus) {
    const want = expected(signal, environment, line);
    if (want === undefined) continue;
    const got = filterPatternMatches(pattern, line.text);
    if (got && want) result.tp++;
    else if (got) result.fp.push(`${line.index}:${line.environment}:${line.scenario}:${line.entry.type}`);
    else if (want) result.fn.push(`${line.index}:${line.environment}:${line.scenario}:${line.entry.type}`);
  }
  return result;
}
