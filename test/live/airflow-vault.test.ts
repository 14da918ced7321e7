/**
 * A job's connection through Airflow's own VaultBackend (Airflow 3.3.2, hashicorp provider 4.8.4)
 * against OpenBao, with the Vault policies and AppRoles the library synthesizes for the live
 * fixture (applied by tools/live/apply-vault-stack.ts): the credential is seeded with `etl-secrets
 * seed` code; the consumer's own AppRole (its role id and a secret id minted for the test, as its
 * platform would deliver it) resolves it; another consumer's AppRole cannot; a quarantined
 * credential cannot be resolved, not even by its own consumer; after a rotation (seed --overwrite,
 * the writer of a static password) the next resolution gets the new value. Both isolation modes:
 * dev (namespace etl/dev) and test (mount prefix). Airflow prints digests only.
 */
import { planInventory } from "../../lib/plan/inventory-plan";
import type { EnvironmentPlan } from "../../lib/plan/types";
import { RECORD_KIND_DEFINITIONS, withToolFields } from "../../lib/rotation/record-fields";
import { seedCredential } from "../../lib/seed";
import { loadInventory } from "../../lib/inventory/load";
import type { Inventory } from "../../lib/inventory/model";
import { airflowBackendFor, expectedFacts, resolveThroughAirflow, type AirflowBackendSettings } from "../support/airflow";
import { randomSecret, setUpLiveEnvironment, type LiveEnvironment } from "../support/live/live-env";

jest.setTimeout(900_000);

const log = (line: string) => process.stderr.write(`[live airflow] ${line}\n`);

const SFTP = "supplier-sftp"; // static-password, consumer price-files (AppRole)
const PARTNER = "ftp-generic"; // generic, its own AppRole consumer (partner-drop)
const QUARANTINED = "retired-crm-api"; // api-key, lifecycle.state: quarantined, consumer legacy-crm

let live: LiveEnvironment;
let inventory: Inventory;
let plans: EnvironmentPlan[];

beforeAll(async () => {
  live = await setUpLiveEnvironment(log);
  inventory = loadInventory(live.inventoryFile);
  plans = planInventory(inventory).environments.filter((plan) => plan.vault);
});

afterAll(async () => {
  await live?.stop();
});

const nsOf = (plan: EnvironmentPlan) => (plan.vault!.isolation === "namespace" ? plan.vault!.namespace : undefined);

function consumerOf(plan: EnvironmentPlan, connectorId: string): string {
  const account = plan.serviceAccounts.find((a) => a.auth.method === "approle" && a.grants.some((g) => g.connectorId === connectorId));
  if (!account) throw new Error(`no AppRole consumer of ${connectorId} in ${plan.name}`);
  return account.id;
}

/** The settings a job of `consumer` runs with: the backend of the contract, its AppRole. */
async function settingsFor(plan: EnvironmentPlan, consumer: string): Promise<AirflowBackendSettings> {
  const admin = live.root.withNamespace(nsOf(plan));
  const mount = plan.vault!.mounts.approle;
  const roleId = (await admin.read(`auth/${mount}/role/${consumer}/role-id`))!.role_id as string;
  // The platform's part (issue 15 part 3 delivers it wrapped): here the test mints it as root.
  const secretId = (await admin.write(`auth/${mount}/role/${consumer}/secret-id`, {}))!.data.secret_id as string;
  live.secrets.push(secretId);
  // What `wire` prints for this consumer, with the live server's url and the run-time AppRole ids.
  return airflowBackendFor(plan, consumer, { url: live.bao.address, role_id: roleId, secret_id: secretId });
}

async function seed(plan: EnvironmentPlan, connectorId: string, value: Record<string, string>, overwrite = false) {
  return seedCredential(
    { inventory, connectorId, environment: plan.name, raw: JSON.stringify(value), overwrite },
    {
      vaultToken: () => live.bao.rootToken,
      vaultAddress: live.bao.address,
      secretsManager: () => {
        throw new Error("the live fixture stores nothing in Secrets Manager");
      },
    },
  );
}

describe.each(["dev", "test"])("Airflow's Vault backend in %s", (environment) => {
  let plan: EnvironmentPlan;
  beforeAll(() => {
    plan = plans.find((p) => p.name === environment)!;
  });

  test("the consumer's AppRole resolves its seeded credential; after a rotation, the new value", async () => {
    const first = { username: "supplier", password: `${randomSecret("first")}:/@?#%+ é` };
    live.secrets.push(first.password);
    await seed(plan, SFTP, first);
    const settings = await settingsFor(plan, consumerOf(plan, SFTP));
    const connection = RECORD_KIND_DEFINITIONS["static-password"].connection(first);
    const before = resolveThroughAirflow(settings, [`${SFTP}/main`]);
    expect(before[`${SFTP}/main`]).toEqual(expectedFacts(connection));

    const next = { username: "supplier", password: randomSecret("rotated") };
    live.secrets.push(next.password);
    await seed(plan, SFTP, next, true);
    const stored = (await live.root.withNamespace(nsOf(plan)).read(`${plan.vault!.mounts.kv}/data/connectors/${SFTP}/main`))!.data;
    // conn_uri was rewritten in the same version as the value.
    expect(withToolFields("static-password", "vault", stored)).toEqual(stored);
    const after = resolveThroughAirflow(settings, [`${SFTP}/main`]);
    expect(after[`${SFTP}/main`]).toEqual(expectedFacts(RECORD_KIND_DEFINITIONS["static-password"].connection(next)));
    expect(after[`${SFTP}/main`]).not.toEqual(before[`${SFTP}/main`]);
  });

  // A 403 on the read, twice (the provider logs in again once, then raises VaultError from Forbidden).
  test("another consumer's AppRole cannot resolve it: Vault refuses the read", async () => {
    const other = consumerOf(plan, PARTNER);
    expect(other).not.toBe(consumerOf(plan, SFTP));
    const partnerValue = { host: "files.partner.example", user: "drop", password: randomSecret("partner") };
    live.secrets.push(partnerValue.password);
    await seed(plan, PARTNER, partnerValue, true);
    const resolved = resolveThroughAirflow(await settingsFor(plan, other), [`${SFTP}/main`, `${PARTNER}/main`]);
    expect(resolved[`${SFTP}/main`]).toEqual({ found: false, backend: "VaultBackend", reason: "VaultError from Forbidden" });
    // The control: the same login resolves its own connector's credential.
    expect(resolved[`${PARTNER}/main`]).toEqual(expectedFacts(RECORD_KIND_DEFINITIONS.generic.connection(partnerValue)));
  });

  test("a quarantined credential cannot be resolved, not even by its own consumer", async () => {
    // seed refuses a quarantined connector; the value is what was kept for the investigation.
    await expect(seed(plan, QUARANTINED, { apiKey: randomSecret("refused") })).rejects.toThrow(/quarantined/);
    const kept = withToolFields("api-key", "vault", { apiKey: randomSecret("kept") });
    live.secrets.push(kept.apiKey);
    const admin = live.root.withNamespace(nsOf(plan));
    await admin.write(`${plan.vault!.mounts.kv}/data/connectors/${QUARANTINED}/main`, { options: { cas: 0 }, data: kept });
    // Its own consumer keeps its AppRole (the grant is marked quarantined): it logs in, the read is refused.
    expect(plan.serviceAccounts.find((a) => a.id === "legacy-crm")?.grants).toEqual([
      expect.objectContaining({ connectorId: QUARANTINED, quarantined: true }),
    ]);
    const resolved = resolveThroughAirflow(await settingsFor(plan, "legacy-crm"), [`${QUARANTINED}/main`]);
    expect(resolved[`${QUARANTINED}/main`]).toEqual({ found: false, backend: "VaultBackend", reason: "VaultError from Forbidden" });
  });
});
