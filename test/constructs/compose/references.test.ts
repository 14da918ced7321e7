import { EtlSecretsReferences } from "../../../lib/constructs/compose/references";
import type { EnvironmentParts } from "../../../lib/constructs/compose/environment-parts";
import type { CredentialPlan, EnvironmentPlan } from "../../../lib/plan/types";

/** An environment of `n` KV-stored credentials whose plan counts how often its credential list is read. */
function kvEnvironment(n: number): { references: EtlSecretsReferences; reads: () => number; ids: string[] } {
  const ids = Array.from({ length: n }, (_, i) => `connector-${String(i).padStart(3, "0")}/main`);
  const credentials = ids.map(
    (id) => ({ id, store: "vault", vault: { storedInKv: true, key: `connectors/${id}` } }) as unknown as CredentialPlan,
  );
  let reads = 0;
  const plan = {
    name: "prod",
    get credentials() {
      reads++;
      return credentials;
    },
  } as unknown as EnvironmentPlan;
  const parts = {
    vault: { credentialMetadata: new Map([...ids].reverse().map((id) => [id, {}])), kv: { mount: { mount: { path: "etl-kv" } } } },
  } as unknown as EnvironmentParts;
  return { references: new EtlSecretsReferences("prod", plan, parts), reads: () => reads, ids };
}

describe("EtlSecretsReferences", () => {
  it("finds each of n KV secrets without reading the environment's credentials again (n lookups cost n, not n²)", () => {
    const { references, reads, ids } = kvEnvironment(200);
    for (const id of ids) {
      const [connector, name] = id.split("/");
      expect(references.kvSecret(connector, name)).toEqual({
        mount: "etl-kv",
        path: `connectors/${id}`,
        dataPath: `etl-kv/data/connectors/${id}`,
      });
    }
    expect(reads()).toBe(1);
  });

  it("lists KV secret ids sorted, and refuses an id it does not hold, naming the known ones", () => {
    const { references, ids } = kvEnvironment(3);
    expect(references.kvSecretIds).toEqual([...ids].sort());
    expect(() => references.kvSecret("connector-009", "main")).toThrow(
      /has no Vault KV secret for credential "connector-009"\/"main"; known: connector-000\/main, connector-001\/main, connector-002\/main$/,
    );
  });
});
