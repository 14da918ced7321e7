import type { z } from "zod";
import type { consumerSchema } from "./schema/consumer";
import type { credentialSchema } from "./schema/credential";
import type { connectorSchema } from "./schema/connector";
import type { environmentSchema } from "./schema/environment";
import type { ownerSchema } from "./schema/owner";
import type { BoundaryException } from "./schema/exception";
import type { Notifications } from "./schema/notifications";
import type { Retirement } from "./schema/retirement";
import type { Orchestrator } from "./schema/orchestrator";

export type { Orchestrator };

/*
 * The validated, normalized inventory: defaults applied, `credential:` shorthand turned into
 * `credentials.main`, frozen. Every later layer reads only these types.
 */
export type Owner = z.output<typeof ownerSchema>;
export type Environment = z.output<typeof environmentSchema>;
export type Consumer = z.output<typeof consumerSchema>;
export type ConsumerAuth = Consumer["auth"];
export type Credential = z.output<typeof credentialSchema>;
export type CredentialType = Credential["type"];
export type CredentialOf<T extends CredentialType> = Extract<Credential, { type: T }>;

type ConnectorDocument = z.output<typeof connectorSchema>;
export type EnvironmentOverride = ConnectorDocument["environments"][string];

export interface Connector extends Omit<ConnectorDocument, "credential" | "credentials"> {
  /** Credentials by name; the `credential:` shorthand is named `main`. */
  readonly credentials: Readonly<Record<string, Credential>>;
}

export interface Inventory {
  readonly version: 1;
  readonly organization: string;
  readonly owners: readonly Owner[];
  readonly environments: readonly Environment[];
  readonly connectors: readonly Connector[];
  /** Retirements (tombstones), in inventory order. */
  readonly retirements: readonly Retirement[];
  /** Explicit, approved boundary exceptions, in inventory order. */
  readonly exceptions: readonly BoundaryException[];
  /** Trusted orchestrators (AppRole secret-id delivery); absent when the inventory declares none. */
  readonly orchestrators?: readonly Orchestrator[];
  /** Who is told about security alarms besides the owners (absent: owners only). */
  readonly notifications?: Notifications;
  /** Accepted findings of the secure-default checks. */
  readonly suppressions: readonly { readonly rule: string; readonly target?: string; readonly reason: string }[];
}
