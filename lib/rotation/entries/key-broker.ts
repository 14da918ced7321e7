import { createRotationHandler } from "../handler";
import { KeyBrokerClient } from "../key-broker-client";
import { KeyBrokerStrategy } from "../strategies/key-broker";
import { createVaultScheduleHandler, dispatchByEventShape } from "../vault/schedule-handler";

/**
 * Lambda entry of the key-broker bundle: Secrets Manager's rotation steps, and the EventBridge
 * schedule that rotates the environment's Vault-stored broker credentials.
 */
export const handler = dispatchByEventShape(
  createRotationHandler((config) => new KeyBrokerStrategy(new KeyBrokerClient({ ca: config.keyBrokerCa, timeoutMs: config.connectTimeoutMs }))),
  createVaultScheduleHandler(),
);
