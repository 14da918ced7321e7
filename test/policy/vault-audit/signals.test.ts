import fc from "fast-check";
import {
  FILTER_PATTERN_MAX,
  NO_QUARANTINE_SENTINEL,
  vaultAuditClusterSignals,
  vaultAuditEnvironmentSignals,
  type VaultAuditEnvironmentInput,
} from "../../../lib/policy/vault-audit/signals";
import { filterPatternMatches, parseFilterPattern } from "../../support/cloudwatch-filter-pattern";
import { openBaoAuditCorpus } from "../../support/openbao-audit-corpus";
import { confusion, corpusInput as input } from "../../support/vault-audit-ground-truth";
import { propertyRuns } from "../../support/property-runs";

const corpus = openBaoAuditCorpus();

describe("Vault audit signals against real OpenBao 2.7.2 audit lines", () => {
  for (const environment of ["prod", "staging"]) {
    for (const signal of vaultAuditEnvironmentSignals(input(environment))) {
      it(`${signal.id} of ${environment} fires on exactly its scenario's lines of ${environment}`, () => {
        const c = confusion(corpus, signal.id, signal.pattern, environment);
        expect({ fp: c.fp, fn: c.fn }).toEqual({ fp: [], fn: [] });
        expect(c.tp).toBeGreaterThan(0);
      });
    }
  }

  it("root-token fires on every root-token request and nothing else", () => {
    const [root] = vaultAuditClusterSignals();
    const c = confusion(corpus, "root-token", root!.pattern, "");
    expect({ fp: c.fp, fn: c.fn }).toEqual({ fp: [], fn: [] });
    expect(c.tp).toBeGreaterThan(0);
  });

  it("never fires on normal traffic (logins, own reads, metadata, token lookups, operator listing)", () => {
    const normal = corpus.filter((l) => l.scenario.startsWith("normal-"));
    expect(normal.length).toBeGreaterThan(0);
    for (const environment of ["prod", "staging"]) {
      for (const s of vaultAuditEnvironmentSignals(input(environment)).filter((s) => s.alarm)) {
        expect(normal.filter((l) => filterPatternMatches(s.pattern, l.text)).map((l) => l.index)).toEqual([]);
      }
    }
  });

  it("does not count a used AppRole secret id or a refused Kubernetes token as a login to an unknown role", () => {
    const signal = vaultAuditEnvironmentSignals(input("prod")).find((s) => s.id === "vault-login-unknown-role")!;
    const used = corpus.filter(
      (l) => ["login-used-secret-id", "login-bad-token-kubernetes"].includes(l.scenario) && l.environment === "prod",
    );
    expect(used.length).toBeGreaterThan(0);
    expect(used.some((l) => filterPatternMatches(signal.pattern, l.text))).toBe(false);
  });

  it("with nothing quarantined keeps the quarantine filter, naming a path no credential can have", () => {
    const signal = vaultAuditEnvironmentSignals(input("prod", [])).find((s) => s.id === "vault-quarantined-access")!;
    expect(signal.pattern).toContain(`"kv/data/${NO_QUARANTINE_SENTINEL}"`);
    expect(corpus.some((l) => filterPatternMatches(signal.pattern, l.text))).toBe(false);
  });

  it("isolates mount-isolated environments by their prefixed paths, without a namespace clause", () => {
    const prefixed: VaultAuditEnvironmentInput = {
      environment: "qa",
      mounts: {
        kv: "etl-qa/kv",
        database: "etl-qa/database",
        pki: "etl-qa/pki",
        ssh: "etl-qa/ssh",
        aws: "etl-qa/aws",
        gcp: "etl-qa/gcp",
        approle: "etl-qa/approle",
        otherLogins: [],
      },
      quarantinedPaths: [],
    };
    for (const s of vaultAuditEnvironmentSignals(prefixed)) {
      expect(s.pattern).not.toContain("namespace");
      expect(corpus.some((l) => filterPatternMatches(s.pattern, l.text))).toBe(false);
    }
  });

  it("splits a quarantine list too long for one filter into parts -2, -3 that each fit and together cover every path", () => {
    const paths = Array.from({ length: 60 }, (_, i) => `kv/data/connectors/connector-number-${String(i).padStart(3, "0")}/main`);
    const signals = vaultAuditEnvironmentSignals(input("prod", paths)).filter((s) => s.metricName === "VaultQuarantinedAccess");
    expect(signals.length).toBeGreaterThan(1);
    expect(signals.map((s) => s.id)).toEqual(
      signals.map((_, i) => (i === 0 ? "vault-quarantined-access" : `vault-quarantined-access-${i + 1}`)),
    );
    for (const s of signals) expect(s.pattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX);
    for (const p of paths) {
      const line = JSON.stringify({ type: "request", request: { path: p, namespace: { id: "x", path: "etl/prod/" } } });
      expect(signals.filter((s) => filterPatternMatches(s.pattern, line))).toHaveLength(1);
    }
  });

  it("property: every pattern parses, fits in 1,024 characters and matches its own paths only in its namespace", () => {
    const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/);
    fc.assert(
      fc.property(id, fc.array(fc.tuple(id, id), { maxLength: 80 }), fc.boolean(), (env, creds, namespaced) => {
        const kv = namespaced ? "kv" : `${env}/kv`;
        const paths = [...new Set(creds.map(([c, n]) => `${kv}/data/connectors/${c}/${n}`))].sort();
        const i: VaultAuditEnvironmentInput = {
          environment: env,
          namespace: namespaced ? `etl/${env}` : undefined,
          mounts: {
            kv,
            database: "database",
            pki: "pki",
            ssh: "ssh",
            aws: "aws",
            gcp: "gcp",
            approle: "approle",
            otherLogins: ["kubernetes"],
          },
          quarantinedPaths: paths,
        };
        const signals = vaultAuditEnvironmentSignals(i);
        for (const s of signals) {
          expect(s.pattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX);
          parseFilterPattern(s.pattern);
        }
        const quarantine = signals.filter((s) => s.metricName === "VaultQuarantinedAccess");
        for (const p of paths) {
          const inNs = JSON.stringify({
            type: "request",
            request: { path: p, namespace: namespaced ? { id: "a", path: `etl/${env}/` } : { id: "root" } },
          });
          const otherNs = JSON.stringify({ type: "request", request: { path: p, namespace: { id: "b", path: `etl/${env}-other/` } } });
          expect(quarantine.some((s) => filterPatternMatches(s.pattern, inNs))).toBe(true);
          if (namespaced) expect(quarantine.some((s) => filterPatternMatches(s.pattern, otherNs))).toBe(false);
        }
      }),
      { numRuns: propertyRuns(60) },
    );
  });
});
