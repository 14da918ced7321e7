import { SENSITIVITY_CLASSES } from "../inventory/class-defaults";
import type { Inventory } from "../inventory/model";
import { byText } from "../plan/compare";
import { registerFields } from "../plan/credential-plan";
import { planRotation } from "../plan/rotation";

/** One row of the credential register: one credential of one connector, across environments. */
export interface RegisterRow {
  readonly connector: string;
  readonly credential: string;
  readonly type: string;
  readonly owner: string;
  readonly ownerName: string;
  readonly ownerEmail: string;
  readonly oncall: string;
  readonly purpose: string;
  readonly system: string;
  /** The sensitivity class. */
  readonly class: string;
  readonly regulations: readonly string[];
  readonly store: string;
  readonly environments: readonly string[];
  /** `secrets-manager every 30 days`, `reminder every 90 days`, `dynamic (leases)`... */
  readonly rotation: string;
  readonly rotationExemption?: string;
  readonly consumers: readonly string[];
  readonly createdOn: string;
  readonly reviewBy: string;
  readonly state: string;
  /** `overdue-review`, `overdue-rotation` (from `--observed` only), `quarantined`, `retired`, `no-stored-secret`, `lease-exception`. */
  readonly flags: readonly string[];
  readonly notes: readonly string[];
  /** Only with `--observed` (register-observed.ts): the last change each report saw, `<env> <YYYY-MM-DD>`. */
  readonly lastChange?: readonly string[];
}

function describeRotation(mode: string, days: number | undefined): string {
  switch (mode) {
    case "dynamic":
      return "dynamic (short leases)";
    case "issued":
      return "issued per request (short-lived certificate)";
    case "none":
      return "none (no stored secret)";
    default:
      return `${mode} every ${days} days`;
  }
}

/**
 * The credential register: what exists, who owns it, why, how sensitive, how it rotates and when
 * it must be reviewed. `today` decides which reviews are overdue (YYYY-MM-DD).
 */
export function buildRegister(inventory: Inventory, today: string): RegisterRow[] {
  const owners = new Map(inventory.owners.map((owner) => [owner.id, owner]));
  const rows: RegisterRow[] = [];
  for (const connector of inventory.connectors) {
    const register = registerFields(connector);
    const owner = owners.get(connector.owner);
    for (const [name, credential] of Object.entries(connector.credentials)) {
      const rotation = planRotation(credential, connector.store, connector.sensitivity, connector.system);
      const consumers = connector.consumers
        .filter((consumer) => !consumer.credentials || consumer.credentials.includes(name))
        .map((consumer) => `${consumer.id} (${consumer.auth.method})`);
      const flags: string[] = [];
      const notes: string[] = [];
      if (register.reviewBy < today) flags.push("overdue-review");
      if (register.state === "quarantined") {
        flags.push("quarantined");
        notes.push("quarantined: every consumer is denied; the data is kept");
      }
      if (register.state === "retired") {
        flags.push("retired");
        notes.push(
          connector.lifecycle.destroyOnRetire ? "retired: resources are destroyed" : "retired: resources kept until destroyOnRetire",
        );
      }
      if (rotation.mode === "none") flags.push("no-stored-secret");
      for (const consumer of connector.consumers) {
        if (consumer.lease && (consumer.credentials?.includes(name) ?? true)) {
          flags.push("lease-exception");
          notes.push(
            `${consumer.id} lease max ${consumer.lease.max} (class ${SENSITIVITY_CLASSES[connector.sensitivity].leaseMaxSeconds / 3600}h): ${consumer.lease.reason}`,
          );
        }
      }
      if (credential.type === "generic") notes.push(`fields: ${credential.fields.join(", ")}`);
      if (credential.type === "oauth-client" && credential.refreshTokenRotates)
        notes.push("consumers write the rotated refresh token back");
      rows.push({
        connector: connector.id,
        credential: name,
        type: credential.type,
        owner: connector.owner,
        ownerName: owner?.name ?? connector.owner,
        ownerEmail: owner?.email ?? "",
        oncall: owner?.oncall ?? "",
        purpose: connector.purpose,
        system: connector.system,
        class: connector.sensitivity,
        regulations: register.regulations,
        store: connector.store,
        environments: Object.keys(connector.environments).sort(byText),
        rotation: describeRotation(rotation.mode, rotation.days),
        rotationExemption: rotation.exemption,
        consumers: consumers.sort(byText),
        createdOn: register.createdOn,
        reviewBy: register.reviewBy,
        state: register.state,
        flags: [...new Set(flags)],
        notes,
      });
    }
  }
  return rows.sort((a, b) => byText(a.connector, b.connector) || byText(a.credential, b.credential));
}
