import { createRotationHandler } from "../handler";
import { KeyBrokerClient } from "../key-broker-client";
import { KeyBrokerSlotsClient } from "../key-broker-slots-client";
import { KeyBrokerStrategy } from "../strategies/key-broker";
import { BrokerKindStrategy, KeyPairSlotsStrategy } from "../strategies/key-pair-slots-secret";
import { createVaultScheduleHandler, dispatchByEventShape } from "../vault/schedule-handler";

/**
 * Lambda entry of the key-broker bundle: Secrets Manager's rotation steps (api-key records through
 * the `keys` contract, key-pair records through the slots), and the EventBridge
 * schedule that rotates the environment's Vault-stored broker credentials.
 */
export const handler = dispatchByEventShape(
  createRotationHandler(
    (config) =>
      new BrokerKindStrategy(
        new KeyBrokerStrategy(new KeyBrokerClient({ ca: config.keyBrokerCa, timeoutMs: config.connectTimeoutMs })),
        new KeyPairSlotsStrategy(new KeyBrokerSlotsClient({ ca: config.keyBrokerCa, timeoutMs: config.connectTimeoutMs })),
      ),
  ),
  createVaultScheduleHandler(),
);
