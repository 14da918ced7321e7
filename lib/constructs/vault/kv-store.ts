import { KvSecretBackendV2 } from "@cdktf/provider-vault/lib/kv-secret-backend-v2";
import { Construct } from "constructs";
import { SecretsMount } from "./mounts";

export interface KvStoreProps {
  /** Mount path from the plan. */
  readonly path: string;
  readonly environment: string;
  /** Versions kept per key, so a rotation can be rolled back. @default 10 */
  readonly maxVersions?: number;
  /** Production mounts carry `prevent_destroy`. @default false */
  readonly preventDestroy?: boolean;
}

export const DEFAULT_KV_MAX_VERSIONS = 10;

/**
 * The environment's KV v2 mount. Check-and-set is required on every write, so a consumer that
 * writes back a rotated refresh token can never overwrite a newer value. Terraform writes no value.
 */
export class KvStore extends Construct {
  readonly path: string;
  readonly mount: SecretsMount;
  readonly config: KvSecretBackendV2;

  constructor(scope: Construct, id: string, props: KvStoreProps) {
    super(scope, id);
    this.path = props.path;
    this.mount = new SecretsMount(this, "mount", {
      path: props.path,
      type: "kv",
      options: { version: "2" },
      description: `ETL connector credentials of ${props.environment} (values written at run time, never by Terraform)`,
      preventDestroy: props.preventDestroy,
    });
    this.config = new KvSecretBackendV2(this, "config", {
      mount: this.mount.mount.path,
      maxVersions: props.maxVersions ?? DEFAULT_KV_MAX_VERSIONS,
      casRequired: true,
    });
  }
}
