/* Secrets Manager secrets: one per stored AWS credential, with its rotation, the masters it is and its readers. */
import { SENSITIVITY_CLASSES } from "../../inventory/class-defaults";
import type { AwsSecretPlan } from "../aws-types";
import type { AwsPlanContext } from "./context";
import { once, sorted } from "./lazy";
import { rotationTarget } from "./rotation-functions";

export function planSecrets(context: AwsPlanContext, masterOf: ReadonlyMap<string, ReadonlySet<string>>): AwsSecretPlan[] {
  const { production, storedIds } = context;
  // Who reads each secret, indexed once when synth first reads a secret's readers.
  const readersIndex = once(() => {
    const readers = new Map<string, Set<string>>();
    for (const { account, grants } of context.awsAccounts) {
      for (const grant of grants) {
        if (!storedIds.has(grant.credentialId)) continue;
        readers.set(grant.credentialId, (readers.get(grant.credentialId) ?? new Set()).add(account.id));
      }
    }
    return readers;
  });

  return context.stored.map((plan) => {
    const target = rotationTarget(plan);
    const days = plan.rotation.days ?? SENSITIVITY_CLASSES[plan.register.sensitivity].rotationDefaultDays;
    const masterOfIt = once(() => sorted(masterOf.get(plan.id) ?? []));
    const readersOfIt = once(() => sorted(readersIndex().get(plan.id) ?? []));
    return {
      credentialId: plan.id,
      connectorId: plan.connectorId,
      credentialName: plan.name,
      secretName: plan.aws!.secretName,
      description: plan.register.purpose,
      recoveryWindowDays: plan.aws!.recoveryWindowDays,
      get tags() {
        return plan.aws!.tags;
      },
      preventDestroy: production,
      quarantined: plan.quarantined,
      rotation: target
        ? {
            target,
            // Quarantined: rotate now and every day until the owner lifts the quarantine.
            days: plan.quarantined ? 1 : days,
            enabled: plan.rotation.enabled,
            immediately: plan.quarantined,
          }
        : undefined,
      get masterOf() {
        return masterOfIt();
      },
      get readers() {
        return readersOfIt();
      },
    };
  });
}
