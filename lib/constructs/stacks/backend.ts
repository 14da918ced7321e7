import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { BackendPlan } from "../../plan/types";

/**
 * Local state by default, at a relative path outside the synth output (an absolute path would
 * differ between machines, and a path inside cdktf.out would be lost on a clean re-synth).
 */
export function applyBackend(stack: TerraformStack, plan: BackendPlan): void {
  if (plan.kind === "local") {
    new LocalBackend(stack, { path: plan.path });
    return;
  }
  const backend = new S3Backend(stack, {
    bucket: plan.bucket,
    key: plan.key,
    region: plan.region,
    encrypt: true,
    dynamodbTable: plan.dynamodbTable,
  });
  // Without a lock table, S3 native locking (Terraform / OpenTofu >= 1.10); cdktf 0.21 lacks the field.
  if (!plan.dynamodbTable) backend.addOverride("use_lockfile", true);
}
