import { createStaticRoleWatchHandler } from "../vault/watch-handler";

/**
 * Lambda entry of the vault-watch bundle: the schedule that announces Vault database static-role
 * rotations (lib/rotation/vault/static-role-watch.ts).
 */
export const handler = createStaticRoleWatchHandler();
