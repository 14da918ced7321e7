import { vaultQuarantineNotice as rule } from "../../../lib/checks/stack-checks/vault-quarantine-notice";
import { messages, vaultStack } from "./vault-support";

describe("ETL-VAULT-011 quarantine notice", () => {
  it("says at synth that a quarantined credential's consumers are denied and its data kept", () => {
    expect(rule.severity).toBe("warning");
    expect(messages(rule, vaultStack("prod"))).toEqual([
      "credential legacy-ftp/main is quarantined in prod: every consumer policy denies its paths; the data is kept",
    ]);
    expect(messages(rule, vaultStack("staging"))).toEqual([]);
  });
});
