/*
 * Small hand-built intent manifests and access rows for the review's pure tests: one consumer,
 * one KV credential, environments given by name (production or not).
 */
import type { IntentCredential, IntentEnvironment, IntentManifest, IntentPrincipal } from "../../../lib/intent/types";
import type { AccessChange } from "../../../lib/analysis/review/index";

export interface EnvSpec {
  readonly name: string;
  readonly production: boolean;
}

export const FOUR_ENVIRONMENTS: readonly EnvSpec[] = [
  { name: "dev", production: false },
  { name: "test", production: false },
  { name: "staging", production: false },
  { name: "prod", production: true },
];

export const vaultResource = (env: string, kind: "data" | "metadata", credential: string) =>
  `vault:vault.example/etl/${env}/kv/${kind}/connectors/${credential}`;
export const consumerPrincipal = (env: string, consumer: string) => `vault:vault.example/etl/${env}/auth/approle/role/${consumer}`;

export interface ManifestOptions {
  readonly environments?: readonly EnvSpec[];
  /** Credentials (`connector/name`) and their register fields; leaving the fields out makes an older manifest. */
  readonly credentials?: readonly {
    id: string;
    owner?: string;
    sensitivity?: IntentCredential["sensitivity"];
    regulations?: IntentCredential["regulations"];
  }[];
  readonly consumers?: readonly string[];
  readonly suppressions?: IntentManifest["suppressions"];
  readonly exceptions?: IntentManifest["exceptions"];
}

export function manifest(options: ManifestOptions = {}): IntentManifest {
  const envs = options.environments ?? FOUR_ENVIRONMENTS;
  const credentials = options.credentials ?? [{ id: "stripe-api/main", owner: "growth-team", sensitivity: "high", regulations: ["pci"] }];
  const environments: IntentEnvironment[] = envs.map((env) => ({
    name: env.name,
    production: env.production,
    stack: env.name,
    credentials: credentials.map((c): IntentCredential => ({
      id: c.id,
      connectorId: c.id.split("/")[0],
      name: c.id.split("/")[1],
      type: "api-key",
      store: "vault",
      quarantined: false,
      locations: (["data", "metadata"] as const).map((kind) => ({
        store: "vault" as const,
        resource: vaultResource(env.name, kind, c.id),
        cluster: "vault.example",
        namespace: `etl/${env.name}`,
        path: `kv/${kind}/connectors/${c.id}`,
        kind,
      })),
      ...(c.owner !== undefined ? { owner: c.owner } : {}),
      ...(c.sensitivity !== undefined ? { sensitivity: c.sensitivity } : {}),
      ...(c.regulations !== undefined ? { regulations: c.regulations } : {}),
    })),
    principals: (options.consumers ?? ["finance-recon"]).map((consumer): IntentPrincipal => ({
      id: consumerPrincipal(env.name, consumer),
      class: "consumer",
      environment: env.name,
      name: consumer,
      store: "vault",
      auth: "approle",
      grants: [],
    })),
  }));
  return {
    format: "etl-secrets-intent/1",
    organization: "acme",
    stacks: envs.map((e) => e.name).sort(),
    environments: [...environments].sort((a, b) => (a.name < b.name ? -1 : 1)),
    ...(options.exceptions ? { exceptions: options.exceptions } : {}),
    ...(options.suppressions ? { suppressions: options.suppressions } : {}),
  };
}

/** The review's per-path rows for one consumer reading (or writing back) one credential in every given environment. */
export function readRows(
  consumer: string,
  credential: string,
  envs: readonly EnvSpec[] = FOUR_ENVIRONMENTS,
  dataActions: readonly string[] = ["read"],
): AccessChange[] {
  return envs.flatMap((env) => [
    {
      environment: env.name,
      principal: consumerPrincipal(env.name, consumer),
      resource: vaultResource(env.name, "data", credential),
      actions: dataActions,
    },
    {
      environment: env.name,
      principal: consumerPrincipal(env.name, consumer),
      resource: vaultResource(env.name, "metadata", credential),
      actions: ["read"],
    },
  ]);
}
