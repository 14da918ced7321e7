import { Policy } from "@cdktf/provider-vault/lib/policy";
import { Construct } from "constructs";
import { renderVaultPolicy, type VaultPolicyDocument } from "../../policy/vault/policy-text";

export interface VaultPolicyProps {
  /** The document from a pure builder of lib/policy/vault. */
  readonly document: VaultPolicyDocument;
}

/**
 * A Vault policy as literal HCL text in the synthesized JSON (no policy-document data source):
 * reviewers and the analysis read exactly what is applied.
 */
export class VaultPolicy extends Construct {
  readonly policy: Policy;
  readonly name: string;

  constructor(scope: Construct, id: string, props: VaultPolicyProps) {
    super(scope, id);
    this.name = props.document.name;
    this.policy = new Policy(this, "policy", { name: props.document.name, policy: renderVaultPolicy(props.document) });
  }
}
