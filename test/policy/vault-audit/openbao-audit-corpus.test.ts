import { openBaoAuditCorpus } from "../../support/openbao-audit-corpus";

/*
 * The committed corpus is real OpenBao output (tools/openbao-audit-corpus.ts); these tests pin the facts
 * the filter patterns rely on, so a regenerated corpus that breaks one fails here first.
 */
const corpus = openBaoAuditCorpus();
const HMAC = /^hmac-sha256:[0-9a-f]{64}$/;
/** Fields OpenBao writes in clear by design: names, policies, times, never a value. */
const CLEAR_DATA_KEYS = new Set([
  "created_time",
  "updated_time",
  "deletion_time",
  "issue_time",
  "expire_time",
  "destroyed",
  "version",
  "current_version",
  "oldest_version",
  "max_versions",
  "cas_required",
  "delete_version_after",
  "custom_metadata",
  "ttl",
  "renewable",
  "num_uses",
]);

function clearStrings(value: unknown, key: string, out: string[]): void {
  if (typeof value === "string") {
    if (!HMAC.test(value) && !CLEAR_DATA_KEYS.has(key)) out.push(`${key}`);
  } else if (Array.isArray(value)) value.forEach((v) => clearStrings(v, key, out));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) clearStrings(v, CLEAR_DATA_KEYS.has(key) ? key : k, out);
}

describe("the OpenBao 2.7.2 audit corpus", () => {
  it("holds every scenario of the design, in both environments", () => {
    const scenarios = new Set(corpus.map((l) => `${l.environment}:${l.scenario}`));
    for (const env of ["prod", "staging"]) {
      for (const s of [
        "normal-login",
        "normal-read",
        "normal-metadata",
        "permission-denied",
        "quarantined-denied",
        "quarantined-read",
        "login-deleted-approle",
        "login-deleted-jwt",
        "login-deleted-kubernetes",
        "login-bad-token-jwt",
        "login-bad-token-kubernetes",
        "login-used-secret-id",
      ]) {
        expect(scenarios).toContain(`${env}:${s}`);
      }
    }
    expect(scenarios).toContain("prod:root-read");
    expect(corpus.some((l) => l.scenario === "unlabelled")).toBe(false);
  });

  it("holds no value in clear: request and response data, tokens and accessors are HMAC'd", () => {
    const clear: string[] = [];
    for (const { entry } of corpus) {
      clearStrings(entry.request?.data ?? {}, "", clear);
      clearStrings(entry.response?.data ?? {}, "", clear);
      for (const v of [
        entry.auth?.client_token,
        entry.auth?.accessor,
        entry.request?.client_token,
        entry.request?.client_token_accessor,
        entry.response?.auth?.client_token,
        entry.response?.auth?.accessor,
      ]) {
        if (v !== undefined) expect(v).toMatch(HMAC);
      }
    }
    expect(clear).toEqual([]);
  });

  it("names the namespace with a trailing slash and the path relative to it", () => {
    const read = corpus.find((l) => l.environment === "prod" && l.scenario === "normal-read" && l.entry.type === "response")!;
    expect(read.entry.request.namespace.path).toBe("etl/prod/");
    expect(read.entry.request.path).toBe("kv/data/connectors/orders-postgres/main");
    expect(read.entry.error).toBeUndefined();
  });

  it("writes a login refused for an unknown role with an HMAC'd message and no outer error; a used secret id has one", () => {
    for (const s of ["login-deleted-approle", "login-deleted-jwt", "login-deleted-kubernetes"]) {
      const line = corpus.find((l) => l.environment === "prod" && l.scenario === s && l.entry.type === "response")!;
      expect(line.entry.error).toBeUndefined();
      expect(line.entry.response.data.error).toMatch(HMAC);
      expect(line.entry.response.auth).toBeUndefined();
    }
    const used = corpus.find((l) => l.environment === "prod" && l.scenario === "login-used-secret-id" && l.entry.type === "response")!;
    expect(used.entry.error).toBe("invalid credentials");
    const kubernetes = corpus.find(
      (l) => l.environment === "prod" && l.scenario === "login-bad-token-kubernetes" && l.entry.type === "response",
    )!;
    expect(kubernetes.entry.error).toBe("permission denied");
    // A bad JWT for an existing role looks like an unknown role: same shape, message HMAC'd.
    const jwt = corpus.find((l) => l.environment === "prod" && l.scenario === "login-bad-token-jwt" && l.entry.type === "response")!;
    expect(jwt.entry.error).toBeUndefined();
    expect(jwt.entry.response.data.error).toMatch(HMAC);
  });

  it("lists root as the only policy of a root token", () => {
    const root = corpus.find((l) => l.scenario === "root-read" && l.entry.type === "request")!;
    expect(root.entry.auth.token_policies).toEqual(["root"]);
  });
});
