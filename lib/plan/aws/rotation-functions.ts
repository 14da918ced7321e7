/*
 * Rotation: which target's function rotates each secret, which master credentials each function
 * reads (alternating-users passwords whose master is another connector), and the key-broker
 * function that rotates Vault-stored broker credentials on a schedule.
 */
import { SENSITIVITY_CLASSES } from "../../inventory/class-defaults";
import { byText } from "../compare";
import { awsNames } from "../names";
import type { AwsRotationFunctionPlan } from "../aws-types";
import type { CredentialPlan } from "../types";
import { isVaultBrokerRotated, VAULT_BROKER_ROTATION_TARGET } from "../vault-broker-rotation";
import type { AwsPlanContext } from "./context";
import { sorted } from "./lazy";

export interface AwsRotationPlan {
  /** Sorted by target. */
  readonly rotationFunctions: AwsRotationFunctionPlan[];
  /** Master credential id to the targets whose functions read it. */
  readonly masterOf: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The target whose function rotates a stored secret, when Secrets Manager (or the broker) rotates it. */
export function rotationTarget(plan: CredentialPlan): string | undefined {
  return (plan.rotation.mode === "secrets-manager" || plan.rotation.mode === "broker") && plan.rotation.target
    ? plan.rotation.target
    : undefined;
}

export function planRotationFunctions(context: AwsPlanContext): AwsRotationPlan {
  const { organization, env, stored } = context;
  const masterOf = new Map<string, Set<string>>();
  const storedByConnector = new Map<string, CredentialPlan[]>();
  for (const plan of stored) {
    const list = storedByConnector.get(plan.connectorId);
    if (list) list.push(plan);
    else storedByConnector.set(plan.connectorId, [plan]);
  }
  const functions = new Map<string, { rotates: string[]; masters: Set<string>; passwordLength: number; plaintext?: boolean }>();
  for (const plan of stored) {
    const target = rotationTarget(plan);
    if (!target) continue;
    const fn = functions.get(target) ?? { rotates: [], masters: new Set<string>(), passwordLength: 0 };
    fn.rotates.push(plan.id);
    fn.passwordLength = Math.max(fn.passwordLength, SENSITIVITY_CLASSES[plan.register.sensitivity].passwordLength);
    if (plan.credential.type === "rotated-password" && plan.credential.allowPlaintext === true) fn.plaintext = true;
    if (plan.credential.type === "rotated-password" && plan.credential.strategy === "alternating-users" && plan.credential.master) {
      const masterConnector = plan.credential.master;
      for (const master of storedByConnector.get(masterConnector) ?? []) {
        fn.masters.add(master.id);
        masterOf.set(master.id, (masterOf.get(master.id) ?? new Set()).add(target));
      }
    }
    functions.set(target, fn);
  }
  // Vault-stored broker credentials are rotated by the same key-broker function, on a schedule.
  if (context.environment.vault && context.credentials.some(isVaultBrokerRotated) && !functions.has(VAULT_BROKER_ROTATION_TARGET)) {
    functions.set(VAULT_BROKER_ROTATION_TARGET, { rotates: [], masters: new Set<string>(), passwordLength: 0 });
  }
  const rotationFunctions: AwsRotationFunctionPlan[] = [...functions.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([target, fn]) => {
      const functionName = awsNames.rotationFunction(organization, env, target);
      return {
        target,
        functionName,
        roleName: awsNames.rotationRole(organization, env, target),
        logGroupName: awsNames.lambdaLogGroup(functionName),
        deadLetterQueueName: awsNames.rotationDeadLetterQueue(functionName),
        rotates: sorted(fn.rotates),
        readsMasters: sorted(fn.masters),
        passwordLength: fn.passwordLength,
        ...(fn.plaintext ? { allowsPlaintextDatabase: true } : {}),
      };
    });
  return { rotationFunctions, masterOf };
}
