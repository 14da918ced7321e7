import type { SpecIssue } from "../issues";
import { checkAuth } from "./auth";
import { checkCredentials } from "./credentials";
import { checkExceptions, type ExceptionRuleOptions } from "./exceptions";
import { checkEnvironments, checkMountPrefixes, checkOrganizationFitsAwsNames } from "./environments";
import { checkFrameworkTokens } from "./framework-tokens";
import { checkHours } from "./hours";
import { checkKeyPairSlots } from "./key-pair-slots";
import { checkNotifications } from "./notifications";
import { checkOrchestrators } from "./orchestrators";
import { RuleContext } from "./raw-view";
import { checkReferences } from "./references";
import { checkRegulations } from "./regulations";
import { checkRetirements } from "./retirements";
import { checkSaferModes } from "./safer-modes";
import { checkSecretMaterialText } from "./secret-material-text";
import { checkStores } from "./stores";
import { checkUniqueness } from "./uniqueness";
import { checkVaultAuditAgreement } from "./vault-audit-agreement";

const RULES = [
  checkUniqueness,
  checkReferences,
  checkEnvironments,
  checkMountPrefixes,
  checkOrganizationFitsAwsNames,
  checkStores,
  checkAuth,
  checkCredentials,
  checkSaferModes,
  checkRetirements,
  checkSecretMaterialText,
];
RULES.push(checkFrameworkTokens);
RULES.push(checkVaultAuditAgreement, checkHours, checkNotifications, checkKeyPairSlots, checkRegulations);
RULES.push(checkOrchestrators);

/** Every cross-field rule, on the raw document: they run even when other parts are invalid. */
export function crossFieldIssues(raw: unknown, options: ExceptionRuleOptions = {}): readonly SpecIssue[] {
  const ctx = new RuleContext(raw);
  for (const rule of RULES) rule(ctx);
  // The boundaries, through the exceptions that may cross them (judged by the caller's clock).
  checkExceptions(ctx, options);
  return ctx.issues;
}
