import { stringify } from "yaml";
import { GITHUB_ACTIONS_ISSUER, WireError, type ConsumerWiring, type WireBlock, type WireOutput } from "./model";
import { describeTrust, quarantineNotes } from "./notes";
import { agentTemplate, notTemplatable } from "./vault-agent";
import { byText } from "../shared/text-order";

/*
 * Kubernetes: a pod of the consumer gets its credentials as files.
 * - Vault: the Vault Agent injector's annotations. The injector logs in with the pod's service
 *   account token, so only a consumer with kubernetes auth fits: its role binds exactly that
 *   service account and namespace.
 * - Secrets Manager: a Secrets Store CSI driver `SecretProviderClass` (provider aws). The pod's
 *   service account must be able to become the consumer's IAM role: through IRSA (the role trusts
 *   the cluster's OIDC issuer for `system:serviceaccount:<namespace>:<name>`) or EKS Pod Identity
 *   (the role trusts pods.eks.amazonaws.com).
 */

export const INJECTOR = "vault.hashicorp.com";
const IRSA_SUBJECT = /^system:serviceaccount:([a-z0-9]([-a-z0-9]*[a-z0-9])?):([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/;

export interface KubernetesVaultWiring {
  readonly kind: "vault-agent-injector";
  readonly namespace: string;
  readonly serviceAccountName: string;
  /** Pod annotations, sorted by name. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Files the agent renders, under /vault/secrets/. */
  readonly files: readonly { readonly credentialId: string; readonly file: string; readonly path: string }[];
  readonly skipped: readonly { readonly credentialId: string; readonly reason: string }[];
}

export interface KubernetesCsiWiring {
  readonly kind: "secrets-store-csi";
  readonly identity: "irsa" | "pod-identity" | "existing-role";
  readonly namespace?: string;
  readonly serviceAccountName?: string;
  readonly roleArn: string;
  readonly secretProviderClass: Record<string, unknown>;
  readonly skipped: readonly { readonly credentialId: string; readonly reason: string }[];
}

export type KubernetesWiring = KubernetesVaultWiring | KubernetesCsiWiring;

export function kubernetesWire(wiring: ConsumerWiring): WireOutput<KubernetesWiring> {
  return wiring.store === "vault" ? injector(wiring) : csi(wiring);
}

function injector(wiring: ConsumerWiring): WireOutput<KubernetesVaultWiring> {
  const login = wiring.vault?.login;
  if (!login || login.method !== "kubernetes") {
    throw new WireError(
      "target-does-not-fit",
      `--for kubernetes needs a Vault consumer with kubernetes auth (the injector logs in with the pod's service account); consumer ${wiring.consumer} uses ${wiring.auth}: use --for ${wiring.auth === "jwt" ? "github-actions or airflow" : wiring.auth === "aws-iam" ? "ecs or airflow" : "airflow"}, or declare it with auth.method kubernetes`,
    );
  }
  const annotations: Record<string, string> = {
    [`${INJECTOR}/agent-inject`]: "true",
    [`${INJECTOR}/role`]: login.role,
    [`${INJECTOR}/auth-path`]: `auth/${login.mount}`,
    ...(wiring.vault!.namespace && { [`${INJECTOR}/namespace`]: wiring.vault!.namespace }),
  };
  const files: { credentialId: string; file: string; path: string }[] = [];
  const skipped: { credentialId: string; reason: string }[] = [];
  for (const credential of wiring.credentials) {
    const template = agentTemplate(credential);
    if (!template) {
      skipped.push({ credentialId: credential.id, reason: notTemplatable(credential) ?? "no template" });
      continue;
    }
    annotations[`${INJECTOR}/agent-inject-secret-${template.fileName}`] = template.path;
    annotations[`${INJECTOR}/agent-inject-template-${template.fileName}`] = template.contents;
    files.push({ credentialId: credential.id, file: `/vault/secrets/${template.fileName}`, path: template.path });
  }
  const sorted = Object.fromEntries(Object.entries(annotations).sort(([a], [b]) => byText(a, b)));
  const data: KubernetesVaultWiring = {
    kind: "vault-agent-injector",
    namespace: login.namespace,
    serviceAccountName: login.serviceAccount,
    annotations: sorted,
    files,
    skipped,
  };
  const podPatch = { metadata: { namespace: login.namespace, annotations: sorted }, spec: { serviceAccountName: login.serviceAccount } };
  const blocks: WireBlock[] = [
    { title: "pod template (metadata and service account)", language: "yaml", body: stringify(podPatch, { lineWidth: 0 }) },
  ];
  const notes = [
    `The pod must run in namespace ${login.namespace} as service account ${login.serviceAccount}${login.cluster !== "default" ? ` on cluster ${login.cluster}` : ""}: Vault role ${login.role} binds exactly those.`,
    ...files.map((f) => `${f.credentialId} renders to ${f.file} (mode 0600 inside the pod); a lease is renewed by the agent sidecar.`),
    ...skipped.map((s) => `${s.credentialId}: not injected: ${s.reason}.`),
    ...quarantineNotes(wiring),
  ];
  return { target: "kubernetes", consumer: wiring.consumer, environment: wiring.environment, data, blocks, notes };
}

// long-function: the Secrets Store CSI wiring of one consumer in the order a reader applies it (pod identity by trust kind, service account, SecretProviderClass objects, notes), each part a few lines over the same role
function csi(wiring: ConsumerWiring): WireOutput<KubernetesCsiWiring> {
  const role = wiring.aws?.role;
  if (!role)
    throw new WireError(
      "target-does-not-fit",
      `--for kubernetes: consumer ${wiring.consumer} has no IAM role in ${wiring.environment} for a pod to use`,
    );
  const trust = role.trust;
  let identity: KubernetesCsiWiring["identity"];
  let namespace: string | undefined;
  let serviceAccountName: string | undefined;
  if (role.kind === "existing") identity = "existing-role";
  else if (trust?.kind === "service" && trust.service === "pods.eks.amazonaws.com") identity = "pod-identity";
  else if (trust?.kind === "oidc" && IRSA_SUBJECT.test(trust.subject) && `https://${trust.issuerHost}` !== GITHUB_ACTIONS_ISSUER) {
    identity = "irsa";
    const match = IRSA_SUBJECT.exec(trust.subject)!;
    namespace = match[1];
    serviceAccountName = match[3];
  } else {
    throw new WireError(
      "target-does-not-fit",
      `--for kubernetes: consumer ${wiring.consumer}'s IAM role ${role.name} trusts ${describeTrust(trust)}, not a pod: give it auth.method jwt with the cluster's OIDC issuer and subject system:serviceaccount:<namespace>:<name> (IRSA), or aws-iam with trustedService pods.eks.amazonaws.com (EKS Pod Identity)`,
    );
  }
  const objects: Record<string, unknown>[] = [];
  const skipped: { credentialId: string; reason: string }[] = [];
  for (const credential of wiring.credentials) {
    const aws = credential.aws;
    if (!aws?.secretName) {
      skipped.push({
        credentialId: credential.id,
        reason: aws?.assumeRoleName ? `an IAM role (${aws.assumeRoleName}) the pod assumes, not a secret` : "no Secrets Manager secret",
      });
      continue;
    }
    objects.push({
      objectName: aws.secretName,
      objectType: "secretsmanager",
      objectAlias: `${credential.connectorId}-${credential.name}`,
      ...(credential.type === "rotated-password" && {
        jmesPath: [
          { path: "username", objectAlias: `${credential.connectorId}-${credential.name}-username` },
          { path: "password", objectAlias: `${credential.connectorId}-${credential.name}-password` },
        ],
      }),
    });
  }
  const parameters: Record<string, string> = {
    region: wiring.aws!.region,
    objects: stringify(objects, { lineWidth: 0 }),
    ...(identity === "pod-identity" && { usePodIdentity: "true" }),
  };
  const spc = {
    apiVersion: "secrets-store.csi.x-k8s.io/v1",
    kind: "SecretProviderClass",
    metadata: { name: `${wiring.organization}-${wiring.environment}-${wiring.consumer}`, ...(namespace && { namespace }) },
    spec: { provider: "aws", parameters },
  };
  const blocks: WireBlock[] = [{ title: "SecretProviderClass", language: "yaml", body: stringify(spc, { lineWidth: 0 }) }];
  if (identity === "irsa") {
    blocks.push({
      title: "service account (IRSA)",
      language: "yaml",
      body: stringify(
        {
          apiVersion: "v1",
          kind: "ServiceAccount",
          metadata: { name: serviceAccountName, namespace, annotations: { "eks.amazonaws.com/role-arn": role.arn } },
        },
        { lineWidth: 0 },
      ),
    });
  }
  const notes = [
    identity === "irsa"
      ? `Pods run as service account ${serviceAccountName} in namespace ${namespace}: the role trusts exactly that subject.`
      : identity === "pod-identity"
        ? `Associate the pod's service account with ${role.arn} (EKS Pod Identity association); the role trusts pods.eks.amazonaws.com.`
        : `The role ${role.arn} exists outside the library: its trust must admit the pod's identity (IRSA or Pod Identity).`,
    `Mount the class with the secrets-store.csi.k8s.io driver (volumeAttributes.secretProviderClass: ${spc.metadata.name}); files appear under the mount path by objectAlias.`,
    ...skipped.map((s) => `${s.credentialId}: not mounted: ${s.reason}.`),
    ...quarantineNotes(wiring),
  ];
  const data: KubernetesCsiWiring = {
    kind: "secrets-store-csi",
    identity,
    ...(namespace && { namespace }),
    ...(serviceAccountName && { serviceAccountName }),
    roleArn: role.arn,
    secretProviderClass: spc,
    skipped,
  };
  return { target: "kubernetes", consumer: wiring.consumer, environment: wiring.environment, data, blocks, notes };
}
