import { validateDocument } from "../../../lib/inventory/validate";
import { REMINDERS_NOT_SENT } from "../../../lib/inventory/cross-field/reminders";
import { fixtureDocument } from "../../support/inventories";

type Doc = any;

function reminderWarnings(doc: Doc) {
  const result = validateDocument(doc);
  return { ok: result.ok, warnings: result.issues.filter((i) => i.code === REMINDERS_NOT_SENT) };
}

describe("reminders-not-sent", () => {
  it("warns for acme's Vault-only test environment (reminder credentials, no AWS account), which stays valid", () => {
    const { ok, warnings } = reminderWarnings(fixtureDocument("acme.yaml"));
    expect(ok).toBe(true);
    const test = fixtureDocument("acme.yaml").environments.findIndex((e: Doc) => e.name === "test");
    expect(warnings).toEqual([
      {
        path: ["environments", test],
        code: REMINDERS_NOT_SENT,
        severity: "warning",
        message:
          "has credentials only their issuer can rotate (rotation.reminder) whose owners are not reminded: the environment has no AWS account to run the daily reminder checker in; give the environment an aws account, or track their rotation by hand",
      },
    ]);
  });

  it("is gone once the environment has an AWS account", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments.find((e: Doc) => e.name === "test").aws = { accountId: "444444444444", region: "eu-west-1" };
    expect(reminderWarnings(doc).warnings).toEqual([]);
  });

  it("says why on OpenBao: no built-in AWS auth for the checker to read Vault with", () => {
    const doc = fixtureDocument("acme.yaml");
    // dev and test share a cluster: both move to OpenBao.
    for (const env of doc.environments.filter((e: Doc) => e.name === "dev" || e.name === "test")) {
      env.vault.edition = "openbao";
      env.vault.isolation = "mount";
      delete env.vault.namespace;
    }
    const { ok, warnings } = reminderWarnings(doc);
    expect(ok).toBe(true);
    const dev = doc.environments.findIndex((e: Doc) => e.name === "dev");
    expect(warnings.find((w) => w.path[1] === dev)?.message).toMatch(
      /OpenBao has no built-in AWS auth for the daily reminder checker to log in with/,
    );
  });

  it("never warns for an environment without reminder credentials", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.connectors = doc.connectors.filter((c: Doc) => c.credential?.rotation?.reminder !== true);
    expect(reminderWarnings(doc).warnings).toEqual([]);
  });
});
