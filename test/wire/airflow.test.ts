import { airflowSettings, airflowWire, AIRFLOW_SECRETS_MANAGER_BACKEND, AIRFLOW_VAULT_BACKEND } from "../../lib/wire/airflow";
import { consumerWiring, environmentPlanFor } from "../../lib/wire/consumer-wiring";
import { wireConsumer } from "../../lib/wire/wire";
import { awsConnector, examplePlan, exampleWith, vaultConnector } from "./support";

const plan = examplePlan();
const env = (name: string) => environmentPlanFor(plan, name);

describe("airflow: Vault consumers", () => {
  it("configures the Vault backend on the environment's KV mount, connectors path and the consumer's AppRole", () => {
    // GIVEN payments-ingest (approle) reading stripe-api in prod (namespace etl/prod)
    const settings = airflowSettings(env("prod"), "payments-ingest");
    // THEN
    expect(settings.backend).toBe(AIRFLOW_VAULT_BACKEND);
    expect(settings.backendKwargs).toEqual({
      url: "https://vault.acme.example:8200",
      namespace: "etl/prod",
      mount_point: "kv",
      connections_path: "connectors",
      variables_path: null,
      config_path: null,
      kv_engine_version: 2,
      auth_type: "approle",
      auth_mount_point: "approle",
    });
    expect(settings.connections).toEqual([
      { connId: "stripe-api/main", credentialId: "stripe-api/main", location: "kv/data/connectors/stripe-api/main", quarantined: false },
    ]);
    // role_id and secret_id are described, never given
    expect(settings.runtimeKwargs.map((r) => [r.kwarg, r.confidential])).toEqual([
      ["role_id", false],
      ["secret_id", true],
    ]);
    expect(settings.runtimeKwargs[0].from).toContain("auth/approle/role/payments-ingest/role-id");
    expect(settings.runtimeKwargs[1].from).toMatch(/single-use.*response-wrapped/);
  });

  it("uses the environment's mount prefix with mount isolation and no namespace", () => {
    const settings = airflowSettings(env("test"), "payments-ingest");
    expect(settings.backendKwargs).toMatchObject({ mount_point: "etl-test/kv", auth_mount_point: "etl-test/approle" });
    expect(settings.backendKwargs).not.toHaveProperty("namespace");
    expect(settings.connections.map((c) => c.location)).toEqual(["etl-test/kv/data/connectors/stripe-api/main"]);
  });

  it("maps kubernetes, jwt and aws-iam logins to the provider's auth types and their parameters", () => {
    const withConsumers = exampleWith(
      vaultConnector("k8s-api", { id: "k8s-job", auth: { method: "kubernetes", serviceAccount: "k8s-job", namespace: "etl" } }),
      vaultConnector("aws-api", { id: "aws-job", auth: { method: "aws-iam", roleName: "aws-job" } }),
      vaultConnector("gh-api", {
        id: "gh-job",
        auth: {
          method: "jwt",
          issuer: "https://token.actions.githubusercontent.com",
          subject: "repo:acme/gh:ref:refs/heads/main",
          audience: "https://vault.dev.acme.example",
        },
      }),
    );
    const dev = environmentPlanFor(withConsumers, "dev");
    expect(airflowSettings(dev, "k8s-job").backendKwargs).toMatchObject({
      auth_type: "kubernetes",
      kubernetes_role: "k8s-job",
      kubernetes_jwt_path: "/var/run/secrets/kubernetes.io/serviceaccount/token",
      auth_mount_point: "kubernetes",
    });
    expect(airflowSettings(dev, "aws-job").backendKwargs).toMatchObject({
      auth_type: "aws_iam",
      role_id: "aws-job",
      region: "eu-west-1",
      auth_mount_point: "aws",
    });
    const jwt = airflowSettings(dev, "gh-job");
    expect(jwt.backendKwargs).toMatchObject({ auth_type: "jwt", jwt_role: "gh-job" });
    expect(jwt.backendKwargs.auth_mount_point).toMatch(/^jwt-/);
    expect(jwt.runtimeKwargs.map((r) => r.kwarg)).toEqual(["jwt_token_path"]);
  });

  it("says a dynamic database credential is not a KV record and gives the Vault Agent template instead", () => {
    const settings = airflowSettings(env("dev"), "orders-nightly");
    expect(settings.connections).toEqual([]);
    expect(settings.unresolved).toHaveLength(1);
    expect(settings.unresolved[0].reason).toMatch(/not a KV record \(database-dynamic/);
    expect(settings.unresolved[0].template?.path).toBe("database/creds/orders-postgres-main-orders-nightly");
    const output = airflowWire(consumerWiring(env("dev"), "orders-nightly"));
    expect(output.blocks.map((b) => b.title)).toContain("Vault Agent beside the worker, for what the backend cannot read");
  });

  it("marks a quarantined credential's connection", () => {
    const settings = airflowSettings(env("prod"), "price-files");
    expect(settings.connections).toEqual([expect.objectContaining({ connId: "legacy-ftp/main", quarantined: true })]);
    expect(wireConsumer(plan, { consumer: "price-files", environment: "prod", target: "airflow" }).notes.join("\n")).toMatch(
      /legacy-ftp\/main: quarantined/,
    );
  });
});

describe("airflow: Secrets Manager consumers", () => {
  it("configures the Secrets Manager backend with the <org>/<env> prefix, '/' and field mode", () => {
    const settings = airflowSettings(env("prod"), "billing-sync");
    expect(settings.backend).toBe(AIRFLOW_SECRETS_MANAGER_BACKEND);
    expect(settings.backendKwargs).toEqual({
      connections_prefix: "acme-data/prod",
      variables_prefix: null,
      config_prefix: null,
      sep: "/",
      full_url_mode: false,
      region_name: "eu-west-1",
    });
    expect(settings.connections).toEqual([
      {
        connId: "billing-mysql/main",
        credentialId: "billing-mysql/main",
        location: "acme-data/prod/billing-mysql/main",
        quarantined: false,
      },
    ]);
    // prefix + sep + conn id is the secret's name
    for (const c of settings.connections)
      expect(`${settings.backendKwargs.connections_prefix}${settings.backendKwargs.sep}${c.connId}`).toBe(c.location);
    expect(settings.runtimeKwargs).toEqual([]);
  });

  it("names one connection per credential the consumer reads, and only those", () => {
    const withTwo = exampleWith(awsConnector("two-api", { id: "billing-sync", auth: { method: "aws-iam", roleName: "billing-sync" } }));
    const settings = airflowSettings(environmentPlanFor(withTwo, "prod"), "billing-sync");
    expect(settings.connections.map((c) => c.connId)).toEqual(["billing-mysql/main", "two-api/main"]);
    expect(airflowSettings(environmentPlanFor(withTwo, "prod"), "orders-archiver").connections.map((c) => c.connId)).toEqual([
      "orders-archive-postgres/main",
    ]);
  });
});
