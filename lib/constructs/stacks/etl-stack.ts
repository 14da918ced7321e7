import { TerraformStack } from "cdktf";
import { terraformEscaped } from "../inert-text";

/**
 * A stack whose Terraform JSON can be taken once for the checks and then written as is: cdktf
 * validates before it writes, and resolving a large stack twice would double the synth time.
 * Its JSON is where inert spec text (../inert-text.ts) becomes Terraform's `$${` / `%%{` escapes.
 */
export class EtlStack extends TerraformStack {
  private frozen?: Record<string, unknown>;

  /** The stack's final Terraform JSON; after this call the stack must not change. */
  synthesizedJson(): Record<string, unknown> {
    this.frozen ??= terraformEscaped(super.toTerraform());
    return this.frozen!;
  }

  override toTerraform(): any {
    return this.frozen ?? terraformEscaped(super.toTerraform());
  }
}
