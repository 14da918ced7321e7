import { createRotationHandler } from "../handler";
import { KeyBrokerClient } from "../key-broker-client";
import { KeyBrokerStrategy } from "../strategies/key-broker";

/** Lambda entry of the key-broker bundle. */
export const handler = createRotationHandler((config) => new KeyBrokerStrategy(new KeyBrokerClient({ ca: config.keyBrokerCa, timeoutMs: config.connectTimeoutMs })));
