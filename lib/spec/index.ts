export * from "./class-defaults";
export * from "./duration";
export * from "./issues";
export * from "./model";
export * from "./schema";
export { defineInventory } from "./define-inventory";
export { loadInventory, validateInventoryFile, validateInventoryText, MAX_INVENTORY_BYTES } from "./load";
export { validateDocument, type ValidationResult } from "./validate";
export { effectiveCredential } from "./effective-credential";
