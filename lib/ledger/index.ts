export { ledgerOfSynth, LedgerError, type Ledger, type LedgerEntry, type StackTier } from "./entries";
export { formatLedger, parseLedger, LEDGER_HEADER } from "./format";
export { compareLedger, describeChange, type LedgerChange, type LedgerComparison } from "./compare";
export { IDENTITY_RULES, DATA_HOLDING_TYPES } from "./identity-attributes";
