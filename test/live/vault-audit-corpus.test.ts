import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vaultAuditClusterSignals, vaultAuditEnvironmentSignals } from "../../lib/policy/vault-audit/signals";
import { OPENBAO_AUDIT_CORPUS_VERSION, openBaoAuditCorpus } from "../support/openbao-audit-corpus";
import { confusion, corpusInput } from "../support/vault-audit-ground-truth";

/*
 * Captures a fresh audit corpus from the OpenBao the live run installed (tools/openbao-audit-corpus.ts,
 * dev server on loopback, file audit device) and checks that (1) it has the committed corpus' shape,
 * scenario by scenario, and (2) every Vault audit signal still fires exactly on its scenario's lines:
 * when OpenBao changes what it writes, this fails before the committed corpus goes stale.
 */
const ROOT = join(__dirname, "..", "..");
const BAO = process.env.BAO_BIN;

describe("the Vault audit signals on a fresh OpenBao capture", () => {
  let dir: string;
  beforeAll(() => {
    if (!BAO) throw new Error("BAO_BIN is not set: run through npm run test:live (tools/live/run.sh)");
    dir = mkdtempSync(join(tmpdir(), "openbao-audit-live-"));
    execFileSync("npx", ["tsx", join(ROOT, "tools", "openbao-audit-corpus.ts"), "--bao", BAO, "--out", dir], {
      cwd: ROOT,
      stdio: "pipe",
      timeout: 300000,
    });
  }, 320000);
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("writes the committed corpus' scenarios, line types and top-level keys", () => {
    const shape = (lines: ReturnType<typeof openBaoAuditCorpus>) =>
      lines
        .filter((l) => l.scenario !== "server-start")
        .map((l) => `${l.environment}:${l.scenario}:${l.entry.type}:${Object.keys(l.entry).sort().join(",")}`);
    expect(shape(openBaoAuditCorpus(OPENBAO_AUDIT_CORPUS_VERSION, dir))).toEqual(shape(openBaoAuditCorpus()));
  });

  it("fires every signal on exactly its scenario's fresh lines", () => {
    const fresh = openBaoAuditCorpus(OPENBAO_AUDIT_CORPUS_VERSION, dir);
    for (const environment of ["prod", "staging"]) {
      for (const signal of vaultAuditEnvironmentSignals(corpusInput(environment))) {
        const c = confusion(fresh, signal.id, signal.pattern, environment);
        expect({ signal: signal.id, environment, fp: c.fp, fn: c.fn }).toEqual({ signal: signal.id, environment, fp: [], fn: [] });
      }
    }
    const [root] = vaultAuditClusterSignals();
    const c = confusion(fresh, "root-token", root!.pattern, "");
    expect({ fp: c.fp, fn: c.fn }).toEqual({ fp: [], fn: [] });
  });
});
