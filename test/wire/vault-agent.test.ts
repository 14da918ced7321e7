import { parse } from "@cdktf/hcl2json";
import type { KubernetesWiring } from "../../lib/wire/kubernetes";
import { consumerWiring, environmentPlanFor } from "../../lib/wire/consumer-wiring";
import { agentTemplate, vaultAgentConfig } from "../../lib/wire/vault-agent";
import { wireConsumer } from "../../lib/wire/wire";
import { examplePlan, exampleWith, vaultConnector } from "./support";

const plan = examplePlan();

// The first parse() in a test file loads and compiles @cdktf/hcl2json's Go WebAssembly, which took
// over jest's 5 s default once on a loaded machine; the parses themselves take milliseconds.
const FIRST_HCL_PARSE_TIMEOUT = 60_000;

describe("Vault Agent configuration", () => {
  it(
    "parses as HCL, logs in with the consumer's method, mount and namespace, and renders each credential",
    async () => {
      const wiring = consumerWiring(environmentPlanFor(plan, "dev"), "orders-nightly");
      const parsed = (await parse("agent.hcl", vaultAgentConfig(wiring, { retries: 2 }))) as Record<string, any>;
      expect(parsed.exit_after_auth).toBe(true);
      expect(parsed.vault).toEqual([{ address: "https://vault.dev.acme.example:8200", retry: [{ num_retries: 2 }] }]);
      const method = parsed.auto_auth[0].method.approle[0];
      expect(method).toMatchObject({
        mount_path: "auth/approle",
        namespace: "etl/dev",
        config: { remove_secret_id_file_after_reading: true },
      });
      expect(parsed.template).toEqual([
        expect.objectContaining({
          destination: "/vault/secrets/orders-postgres-main",
          perms: "0600",
          contents: expect.stringContaining('with secret "database/creds/orders-postgres-main-orders-nightly"'),
        }),
      ]);
    },
    FIRST_HCL_PARSE_TIMEOUT,
  );

  it(
    "gives kubernetes, jwt and aws-iam consumers their own auto-auth method",
    async () => {
      const withConsumers = exampleWith(
        vaultConnector("k8s-api", { id: "k8s-job", auth: { method: "kubernetes", serviceAccount: "k8s-job", namespace: "etl" } }),
        vaultConnector("aws-api", { id: "aws-job", auth: { method: "aws-iam", roleName: "aws-job" } }),
        vaultConnector("idp-api", {
          id: "idp-job",
          auth: { method: "jwt", issuer: "https://idp.acme.example", subject: "etl", audience: "vault" },
        }),
      );
      const test = environmentPlanFor(withConsumers, "prod");
      const methodOf = async (consumer: string) =>
        ((await parse("a.hcl", vaultAgentConfig(consumerWiring(test, consumer)))) as Record<string, any>).auto_auth[0].method;
      expect(await methodOf("k8s-job")).toEqual({
        kubernetes: [{ mount_path: "auth/kubernetes", namespace: "etl/prod", config: { role: "k8s-job" } }],
      });
      expect(await methodOf("aws-job")).toEqual({
        aws: [{ mount_path: "auth/aws", namespace: "etl/prod", config: { type: "iam", role: "aws-job" } }],
      });
      expect((await methodOf("idp-job")).jwt[0]).toMatchObject({ config: { role: "idp-job", path: "/etc/vault-agent/jwt" } });
    },
    FIRST_HCL_PARSE_TIMEOUT,
  );

  it("is the same template the Kubernetes injector renders", () => {
    const wiring = consumerWiring(environmentPlanFor(plan, "dev"), "orders-cdc");
    const data = wireConsumer(plan, { consumer: "orders-cdc", environment: "dev", target: "kubernetes" }).data as KubernetesWiring;
    if (data.kind !== "vault-agent-injector") throw new Error(data.kind);
    expect(data.annotations["vault.hashicorp.com/agent-inject-template-orders-postgres-main"]).toBe(
      agentTemplate(wiring.credentials[0])!.contents,
    );
  });

  it("renders a KV record as its JSON, and has no template for what a template cannot read", () => {
    const kv = consumerWiring(environmentPlanFor(plan, "prod"), "payments-ingest").credentials[0];
    expect(agentTemplate(kv)!.contents).toBe(
      '{{ with secret "kv/data/connectors/stripe-api/main" -}}\n{{ .Data.data | toJSON }}\n{{ end -}}\n',
    );
    expect(agentTemplate({ ...kv, vault: { source: "ssh-signed", path: "ssh/sign/x", operation: "update" } })).toBeUndefined();
    expect(agentTemplate({ ...kv, vault: undefined, store: "aws" })).toBeUndefined();
  });
});
