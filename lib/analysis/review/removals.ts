/*
 * Removal safety in the review (issue 11, item 7): what the head synth makes Terraform forget
 * (`removed` blocks, `destroy = false`), which retirements it carries, and how long each destroyed
 * object can still be recovered. Pure, apart from `loadRemovalContext`, which reads the head dir.
 */
import { readSynthDir, type SynthDir } from "../access-model/synth-dir";
import type { IntentManifest } from "../../intent/types";
import type { Retirement } from "../../inventory/schema/retirement";

/** Written beside the stacks by earlier versions of synth (now the retirements travel in the stacks' metadata). */
export { RETIREMENTS_FILE, RETIREMENTS_FORMAT } from "../access-model/synth-dir";

export interface RemovalContext {
  /** Addresses the head synth makes Terraform forget, by stack. */
  readonly forgotten: ReadonlyMap<string, ReadonlySet<string>>;
  /** The head inventory's retirements (from the stacks' metadata, or an older output's retirements file). */
  readonly retirements: readonly Retirement[];
}

export const NO_REMOVALS: RemovalContext = { forgotten: new Map(), retirements: [] };

/** The `removed` blocks of a stack's JSON that forget (not destroy). */
export function forgottenAddresses(json: Readonly<Record<string, unknown>>): Set<string> {
  const blocks = Array.isArray(json.removed) ? json.removed : json.removed ? [json.removed] : [];
  const addresses = new Set<string>();
  for (const block of blocks as Record<string, unknown>[]) {
    const lifecycle = block?.lifecycle as Record<string, unknown> | undefined;
    if (typeof block?.from === "string" && lifecycle?.destroy === false) addresses.add(block.from);
  }
  return addresses;
}

/** The removal context of a synth directory (a path, or one already read). */
export function loadRemovalContext(dir: string | SynthDir): RemovalContext {
  const synth = typeof dir === "string" ? readSynthDir(dir) : dir;
  const forgotten = new Map(synth.stacks.map((stack) => [stack.name, forgottenAddresses(stack.json)]));
  const retirements: Retirement[] = [...(synth.retirements ?? [])];
  return { forgotten, retirements };
}

/** Stacks that serve a production environment: its own, its Vault cluster's and its AWS account's. */
export function productionStacks(...intents: readonly IntentManifest[]): Set<string> {
  const stacks = new Set<string>();
  for (const intent of intents) {
    for (const env of intent.environments) {
      if (!env.production) continue;
      stacks.add(env.stack);
      if (env.vault?.clusterStack) stacks.add(env.vault.clusterStack);
      if (env.aws?.accountStack) stacks.add(env.aws.accountStack);
    }
  }
  return stacks;
}

/** How long a destroyed object can still be brought back, in words. */
export function recoveryWindow(type: string, raw: Readonly<Record<string, unknown>>): string {
  if (type === "aws_secretsmanager_secret") {
    const days = typeof raw.recovery_window_in_days === "number" ? raw.recovery_window_in_days : 30;
    return days === 0
      ? "no recovery window: recovery_window_in_days = 0 deletes the secret at once"
      : `Secrets Manager keeps it ${days} days (recovery_window_in_days); RestoreSecret brings it back until then`;
  }
  if (type === "aws_kms_key") {
    const days = typeof raw.deletion_window_in_days === "number" ? raw.deletion_window_in_days : 30;
    return `KMS deletes the key after ${days} days (deletion_window_in_days); CancelKeyDeletion keeps it until then, and what it encrypted is unreadable once it is gone`;
  }
  if (type.startsWith("vault_")) return "no recovery window: Vault deletes at once";
  if (type === "aws_s3_bucket") return "no recovery window: S3 deletes the bucket at once (it must be empty unless force_destroy)";
  if (type === "aws_cloudwatch_log_group") return "no recovery window: CloudWatch deletes the log events at once";
  return "no recovery window";
}
