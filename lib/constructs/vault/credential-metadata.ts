import { GenericEndpoint } from "@cdktf/provider-vault/lib/generic-endpoint";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { CredentialPlan } from "../../plan/types";
import { DEFAULT_KV_MAX_VERSIONS } from "./kv-store";

export interface CredentialMetadataProps {
  readonly credential: CredentialPlan;
  /** The KV mount configuration this key lives under. */
  readonly kv: ITerraformDependable;
  /** @default 10 */
  readonly maxVersions?: number;
}

/**
 * Owner, purpose, sensitivity, regulations, review date and rotation of one credential, on its
 * key's METADATA endpoint (`<mount>/metadata/<key>`): never a data write, never the value.
 *
 * provider-vault 15.6.1 has no resource that manages only KV v2 metadata (`vault_kv_secret_v2`
 * writes data), so this is a `vault_generic_endpoint` that only writes:
 * - `disable_read`: Terraform never reads the key back, so nothing of it reaches the state;
 * - `disable_delete`: a DELETE on the metadata endpoint destroys every version of the value.
 *   Removing the credential from the inventory removes access (policies, roles) and Terraform's
 *   record; destroying the value is a deliberate operator step (`vault kv metadata delete`).
 */
export class CredentialMetadata extends Construct {
  readonly endpoint: GenericEndpoint;

  constructor(scope: Construct, id: string, props: CredentialMetadataProps) {
    super(scope, id);
    const vault = props.credential.vault;
    if (!vault) throw new Error(`credential ${props.credential.id} is not stored in Vault`);
    this.endpoint = new GenericEndpoint(this, "metadata", {
      path: vault.metadataPath,
      dataJson: JSON.stringify({
        cas_required: true,
        custom_metadata: vault.customMetadata,
        max_versions: props.maxVersions ?? DEFAULT_KV_MAX_VERSIONS,
      }),
      disableRead: true,
      disableDelete: true,
      dependsOn: [props.kv],
    });
  }
}
