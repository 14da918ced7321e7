/** The regulations the schema accepts. */
export const REGULATIONS = ["sox", "hipaa", "pci", "gdpr", "ccpa", "glba", "soc2", "iso27001"] as const;
export type Regulation = (typeof REGULATIONS)[number];
