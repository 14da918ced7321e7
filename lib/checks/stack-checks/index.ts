import type { CheckRule } from "../types";
import { ckvAws7KmsKeyRotation } from "./ckv-aws-7-kms-key-rotation";
import { ckvAws33KmsWildcardPrincipal } from "./ckv-aws-33-kms-wildcard-principal";
import { ckvAws35TrailKms } from "./ckv-aws-35-trail-kms";
import { ckvAws36TrailLogValidation } from "./ckv-aws-36-trail-log-validation";
import { ckvAws45LambdaEnvSecrets } from "./ckv-aws-45-lambda-env-secrets";
import { ckvAws62IamAdmin } from "./ckv-aws-62-iam-admin";
import { ckvAws63IamWildcardAction } from "./ckv-aws-63-iam-wildcard-action";
import { ckvAws67TrailMultiRegion } from "./ckv-aws-67-trail-multi-region";
import { ckvAws115LambdaConcurrency } from "./ckv-aws-115-lambda-concurrency";
import { ckvAws116LambdaDlq } from "./ckv-aws-116-lambda-dlq";
import { ckvAws143S3ObjectLock } from "./ckv-aws-143-s3-object-lock";
import { ckvAws149SecretCmk } from "./ckv-aws-149-secret-cmk";
import { ckvAws158LogGroupKms } from "./ckv-aws-158-log-group-kms";
import { ckvAws173LambdaEnvKms } from "./ckv-aws-173-lambda-env-kms";
import { ckvAws289IamPermissionsManagement } from "./ckv-aws-289-iam-permissions-management";
import { ckvAws304Rotation90Days } from "./ckv-aws-304-rotation-90-days";
import { ckvAws338LogGroupRetention } from "./ckv-aws-338-log-group-retention";
import { ckvAws355IamWildcardResource } from "./ckv-aws-355-iam-wildcard-resource";
import { ckv2Aws57SecretRotation } from "./ckv2-aws-57-secret-rotation";
import { etlAws001IamPolicySize } from "./etl-aws-001-iam-policy-size";
import { etlAws002LambdaRuntime } from "./etl-aws-002-lambda-runtime";
import { etlAws003NoSubscriptionKeyInState } from "./etl-aws-003-no-subscription-key-in-state";
import { etlTf001InertText } from "./etl-tf-001-inert-text";
import { noDrillIdentityInProduction } from "./no-drill-identity-in-production";
import { noSecretLiteral } from "./no-secret-literal";
import { vaultApproleBounds } from "./vault-approle-bounds";
import { vaultAuditDevices } from "./vault-audit-devices";
import { vaultAuditInServerConfig } from "./vault-audit-in-server-config";
import { vaultAuthBackendConfigured } from "./vault-auth-backend-configured";
import { vaultBootstrapWriteOnly } from "./vault-bootstrap-write-only";
import { vaultDatabaseAllowedRoles } from "./vault-database-allowed-roles";
import { vaultMfaHumansOnly } from "./vault-mfa-humans-only";
import { vaultMixedIsolation } from "./vault-mixed-isolation";
import { vaultPolicyLeastPrivilege } from "./vault-policy-least-privilege";
import { vaultPolicyWithinEnvironment } from "./vault-policy-within-environment";
import { vaultProductionPreventDestroy } from "./vault-production-prevent-destroy";
import { vaultQuarantineNotice } from "./vault-quarantine-notice";
import { byText } from "../../shared/text-order";

/** Every rule, in id order. Add a rule by adding its file and one line here. */
export const ALL_RULES: readonly CheckRule[] = [
  ckvAws7KmsKeyRotation,
  ckvAws33KmsWildcardPrincipal,
  ckvAws35TrailKms,
  ckvAws36TrailLogValidation,
  ckvAws45LambdaEnvSecrets,
  ckvAws62IamAdmin,
  ckvAws63IamWildcardAction,
  ckvAws67TrailMultiRegion,
  ckvAws115LambdaConcurrency,
  ckvAws116LambdaDlq,
  ckvAws143S3ObjectLock,
  ckvAws149SecretCmk,
  ckvAws158LogGroupKms,
  ckvAws173LambdaEnvKms,
  ckvAws289IamPermissionsManagement,
  ckvAws304Rotation90Days,
  ckvAws338LogGroupRetention,
  ckvAws355IamWildcardResource,
  ckv2Aws57SecretRotation,
  etlAws001IamPolicySize,
  etlAws002LambdaRuntime,
  etlAws003NoSubscriptionKeyInState,
  etlTf001InertText,
  noDrillIdentityInProduction,
  noSecretLiteral,
  vaultApproleBounds,
  vaultDatabaseAllowedRoles,
  vaultPolicyWithinEnvironment,
  vaultAuditDevices,
  vaultMixedIsolation,
  vaultPolicyLeastPrivilege,
  vaultAuthBackendConfigured,
  vaultProductionPreventDestroy,
  vaultAuditInServerConfig,
  vaultBootstrapWriteOnly,
  vaultQuarantineNotice,
  vaultMfaHumansOnly,
].sort((a, b) => byText(a.id, b.id));
