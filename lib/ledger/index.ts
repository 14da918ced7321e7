export { ledgerOfSynth, LedgerError, sortEntries, type Ledger, type LedgerEntry, type StackTier } from "./entries";
export { formatLedger, parseLedger, LEDGER_HEADER } from "./format";
export { compareLedger, describeChange, type LedgerChange, type LedgerComparison } from "./compare";
export { IDENTITY_RULES, DATA_HOLDING_TYPES } from "./identity-attributes";
export { formatOwner, parseOwner, ownerResolver, type LedgerOwner } from "./attribution";
export {
  forgetBlocks,
  guardRemovals,
  describeRefusal,
  retirementToWrite,
  holdsData,
  type RemovalGuard,
  type StackContent,
  type RemovalRefusal,
  type RetiredObject,
} from "./guard";
export { specPathOfOwner } from "./spec-path";
