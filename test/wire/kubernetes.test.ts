import { parse } from "yaml";
import { WireError } from "../../lib/wire/model";
import type { KubernetesWiring } from "../../lib/wire/kubernetes";
import { wireConsumer } from "../../lib/wire/wire";
import { awsConnector, examplePlan, exampleWith } from "./support";

const plan = examplePlan();
const k8s = (p: typeof plan, consumer: string, environment: string) => wireConsumer(p, { consumer, environment, target: "kubernetes" });

describe("kubernetes: Vault Agent injector", () => {
  it("annotates the pod with the consumer's role, auth path, namespace and one template per credential", () => {
    // GIVEN orders-cdc (kubernetes auth, ingest/orders-cdc) reading dynamic database credentials in dev
    const output = k8s(plan, "orders-cdc", "dev");
    const data = output.data as KubernetesWiring;
    // THEN
    expect(data.kind).toBe("vault-agent-injector");
    if (data.kind !== "vault-agent-injector") return;
    expect(data.namespace).toBe("ingest");
    expect(data.serviceAccountName).toBe("orders-cdc");
    expect(data.annotations).toEqual({
      "vault.hashicorp.com/agent-inject": "true",
      "vault.hashicorp.com/role": "orders-cdc",
      "vault.hashicorp.com/auth-path": "auth/kubernetes",
      "vault.hashicorp.com/namespace": "etl/dev",
      "vault.hashicorp.com/agent-inject-secret-orders-postgres-main": "database/creds/orders-postgres-main-orders-cdc",
      "vault.hashicorp.com/agent-inject-template-orders-postgres-main": expect.stringContaining(
        'with secret "database/creds/orders-postgres-main-orders-cdc"',
      ),
    });
    // the lease's username and password, not a KV record's fields
    expect(data.annotations["vault.hashicorp.com/agent-inject-template-orders-postgres-main"]).toMatch(
      /username=\{\{ \.Data\.username \}\}\npassword=\{\{ \.Data\.password \}\}/,
    );
    // the pasted YAML is the same data
    const patch = parse(output.blocks[0].body);
    expect(patch).toEqual({ metadata: { namespace: "ingest", annotations: data.annotations }, spec: { serviceAccountName: "orders-cdc" } });
  });

  it("renders a certificate with the PKI role and the inventory's common name", () => {
    const data = k8s(plan, "warehouse-loader", "prod").data as KubernetesWiring;
    if (data.kind !== "vault-agent-injector") throw new Error(data.kind);
    expect(data.annotations["vault.hashicorp.com/agent-inject-secret-warehouse-mtls-main"]).toBe("pki/issue/warehouse-mtls-main");
    expect(data.annotations["vault.hashicorp.com/agent-inject-template-warehouse-mtls-main"]).toContain(
      '"common_name=etl-loader.acme.example"',
    );
  });

  it("refuses an AppRole consumer, naming the targets that fit", () => {
    expect(() => k8s(plan, "orders-nightly", "dev")).toThrow(WireError);
    expect(() => k8s(plan, "orders-nightly", "dev")).toThrow(
      /needs a Vault consumer with kubernetes auth.*uses approle: use --for airflow/,
    );
  });
});

describe("kubernetes: Secrets Store CSI driver", () => {
  it("gives an IRSA consumer a SecretProviderClass and its service account, from the role's trust", () => {
    const withIrsa = exampleWith(
      awsConnector("eks-api", {
        id: "eks-job",
        auth: {
          method: "jwt",
          issuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123",
          subject: "system:serviceaccount:etl:eks-job",
          audience: "sts.amazonaws.com",
        },
      }),
    );
    const output = k8s(withIrsa, "eks-job", "dev");
    const data = output.data as KubernetesWiring;
    if (data.kind !== "secrets-store-csi") throw new Error(data.kind);
    expect(data.identity).toBe("irsa");
    expect(data.namespace).toBe("etl");
    expect(data.serviceAccountName).toBe("eks-job");
    expect(data.roleArn).toBe("arn:aws:iam::111111111111:role/acme-data/dev/acme-data-dev-eks-job");
    const spc = parse(output.blocks[0].body);
    expect(spc).toMatchObject({
      apiVersion: "secrets-store.csi.x-k8s.io/v1",
      kind: "SecretProviderClass",
      metadata: { name: "acme-data-dev-eks-job", namespace: "etl" },
      spec: { provider: "aws", parameters: { region: "eu-west-1" } },
    });
    expect(parse(spc.spec.parameters.objects)).toEqual([
      { objectName: "acme-data/dev/eks-api/main", objectType: "secretsmanager", objectAlias: "eks-api-main" },
    ]);
    expect(parse(output.blocks[1].body)).toEqual({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "eks-job", namespace: "etl", annotations: { "eks.amazonaws.com/role-arn": data.roleArn } },
    });
  });

  it("uses EKS Pod Identity when the role trusts pods.eks.amazonaws.com, with JMES paths for a database secret", () => {
    const withPodIdentity = exampleWith(
      awsConnector(
        "pods-db",
        { id: "pods-job", auth: { method: "aws-iam", roleName: "pods-job", trustedService: "pods.eks.amazonaws.com" } },
        {
          type: "rotated-password",
          strategy: "single-user",
          database: { host: "pods-db.internal", port: 5432, name: "pods", username: "pods_reader" },
          rotation: { days: 30 },
          seeded: true,
        },
      ),
    );
    const output = k8s(withPodIdentity, "pods-job", "dev");
    const spc = parse(output.blocks[0].body);
    expect(spc.spec.parameters.usePodIdentity).toBe("true");
    expect(parse(spc.spec.parameters.objects)[0].jmesPath).toEqual([
      { path: "username", objectAlias: "pods-db-main-username" },
      { path: "password", objectAlias: "pods-db-main-password" },
    ]);
  });

  it("refuses a consumer whose role trusts no pod (the example's GitHub Actions job), saying what would fit", () => {
    expect(() => k8s(plan, "marketing-sync", "prod")).toThrow(
      /trusts OIDC tokens of token\.actions\.githubusercontent\.com.*not a pod.*IRSA.*Pod Identity/,
    );
  });
});
