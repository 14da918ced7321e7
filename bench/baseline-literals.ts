/*
 * The fair baseline's literal configs: per resource type, the config of its i-th instance, as a
 * team would write it by hand with the provider classes. bench/baseline.ts replaces the attributes
 * that hold references in the library's output with the same references (cdktf tokens).
 */

/** The config of the i-th resource of a type (camelCase, as the provider classes take it). */
export type Literal = (i: number) => Record<string, unknown>;

const policy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "Read", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: ["arn:aws:secretsmanager:eu-west-1:111111111111:secret:x"] }],
});
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: ["sts:AssumeRole"] }] });
const bucket = (i: number) => `bench-bucket-${i}`;
export const LITERALS: Readonly<Record<string, Literal>> = {
  aws_cloudtrail: (i) => ({ name: `trail-${i}`, s3BucketName: bucket(i), isMultiRegionTrail: true, enableLogFileValidation: true, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" }),
  aws_cloudwatch_dashboard: (i) => ({ dashboardName: `dash-${i}`, dashboardBody: JSON.stringify({ widgets: [{ type: "log", x: 0, y: 0, width: 24, height: 6, properties: { query: `fields @timestamp | filter id = ${i}`, region: "eu-west-1" } }] }) }),
  aws_cloudwatch_event_rule: (i) => ({ name: `rule-${i}`, eventPattern: JSON.stringify({ source: ["aws.secretsmanager"], "detail-type": ["AWS API Call via CloudTrail"] }) }),
  aws_cloudwatch_event_target: (i) => ({ rule: `rule-${i}`, targetId: `target-${i}`, arn: "arn:aws:sns:eu-west-1:1:t" }),
  aws_cloudwatch_log_group: (i) => ({ name: `/aws/lambda/fn-${i}`, retentionInDays: 365, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" }),
  aws_cloudwatch_log_subscription_filter: (i) => ({ name: `archive-${i}`, logGroupName: `/bench/audit-${i}`, filterPattern: "", destinationArn: "arn:aws:firehose:eu-west-1:1:deliverystream/d", roleArn: "arn:aws:iam::1:role/r" }),
  aws_kinesis_firehose_delivery_stream: (i) => ({ name: `archive-${i}`, destination: "extended_s3", extendedS3Configuration: { roleArn: "arn:aws:iam::1:role/r", bucketArn: `arn:aws:s3:::${bucket(i)}`, prefix: `audit/${i}/`, compressionFormat: "UNCOMPRESSED" }, serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: "arn:aws:kms:eu-west-1:1:key/k" } }),
  aws_cloudwatch_log_metric_filter: (i) => ({ name: `filter-${i}`, logGroupName: "/aws/cloudtrail/x", pattern: '{ $.eventSource = "secretsmanager.amazonaws.com" }', metricTransformation: { name: `m-${i}`, namespace: "bench", value: "1" } }),
  aws_cloudwatch_metric_alarm: (i) => ({ alarmName: `alarm-${i}`, comparisonOperator: "GreaterThanOrEqualToThreshold", evaluationPeriods: 1, metricName: `m-${i}`, namespace: "bench", period: 300, statistic: "Sum", threshold: 1, alarmActions: ["arn:aws:sns:eu-west-1:1:t"] }),
  aws_iam_openid_connect_provider: (i) => ({ url: `https://issuer-${i}.example`, clientIdList: ["sts.amazonaws.com"] }),
  aws_iam_role: (i) => ({ name: `role-${i}`, path: "/bench/", assumeRolePolicy: trust, maxSessionDuration: 3600, tags: { environment: "bench", consumer: `c-${i}` } }),
  aws_iam_role_policy: (i) => ({ name: `policy-${i}`, role: `role-${i}`, policy }),
  aws_kms_alias: (i) => ({ name: `alias/bench-${i}`, targetKeyId: `key-${i}` }),
  aws_kms_key: (i) => ({ description: `key ${i}`, enableKeyRotation: true, deletionWindowInDays: 30, policy }),
  aws_lambda_function: (i) => ({ functionName: `fn-${i}`, role: "arn:aws:iam::1:role/r", filename: "fn.zip", sourceCodeHash: "abc", handler: "index.handler", runtime: "nodejs22.x", timeout: 60, memorySize: 256, tracingConfig: { mode: "Active" }, environment: { variables: { A: String(i) } } }),
  aws_lambda_permission: (i) => ({ statementId: "SecretsManagerRotation", action: "lambda:InvokeFunction", functionName: `fn-${i}`, principal: "secretsmanager.amazonaws.com", sourceAccount: "111111111111" }),
  aws_s3_bucket: (i) => ({ bucket: bucket(i), objectLockEnabled: true }),
  aws_s3_bucket_lifecycle_configuration: (i) => ({ bucket: bucket(i), rule: [{ id: "r", status: "Enabled", filter: [{}], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] }] }),
  aws_s3_bucket_logging: (i) => ({ bucket: bucket(i), targetBucket: `${bucket(i)}-logs`, targetPrefix: "x/" }),
  aws_s3_bucket_object_lock_configuration: (i) => ({ bucket: bucket(i), rule: { defaultRetention: { mode: "GOVERNANCE", days: 90 } } }),
  aws_s3_bucket_ownership_controls: (i) => ({ bucket: bucket(i), rule: { objectOwnership: "BucketOwnerEnforced" } }),
  aws_s3_bucket_policy: (i) => ({ bucket: bucket(i), policy }),
  aws_s3_bucket_public_access_block: (i) => ({ bucket: bucket(i), blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
  aws_s3_bucket_server_side_encryption_configuration: (i) => ({ bucket: bucket(i), rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] }),
  aws_s3_bucket_versioning: (i) => ({ bucket: bucket(i), versioningConfiguration: { status: "Enabled" } }),
  aws_secretsmanager_secret: (i) => ({ name: `bench/env/connector-${i}/main`, description: `Benchmark connector ${i}`, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k", recoveryWindowInDays: 30, tags: { owner: "platform", sensitivity: "high" } }),
  aws_secretsmanager_secret_policy: (i) => ({ secretArn: `arn:aws:secretsmanager:eu-west-1:1:secret:bench/${i}`, policy }),
  aws_secretsmanager_secret_rotation: (i) => ({ secretId: `bench/${i}`, rotationLambdaArn: "arn:aws:lambda:eu-west-1:1:function:fn", rotationRules: { automaticallyAfterDays: 30 } }),
  aws_sns_topic: (i) => ({ name: `topic-${i}`, kmsMasterKeyId: "arn:aws:kms:eu-west-1:1:key/k" }),
  aws_sns_topic_policy: (i) => ({ arn: `arn:aws:sns:eu-west-1:1:topic-${i}`, policy }),
  aws_sns_topic_subscription: (i) => ({ topicArn: `arn:aws:sns:eu-west-1:1:topic-${i}`, protocol: "email", endpoint: `owner-${i}@bench.example` }),
  aws_sqs_queue: (i) => ({ name: `queue-${i}`, kmsMasterKeyId: "arn:aws:kms:eu-west-1:1:key/k", messageRetentionSeconds: 1209600 }),
  vault_approle_auth_backend_role: (i) => ({ backend: "approle", roleName: `role-${i}`, tokenPolicies: ["p"], tokenTtl: 3600, tokenMaxTtl: 28800, secretIdBoundCidrs: ["10.20.0.0/16"], tokenBoundCidrs: ["10.20.0.0/16"], secretIdTtl: 1800, secretIdNumUses: 1 }),
  vault_audit: (i) => ({ type: "file", path: `file-${i}`, description: "JSON audit log", options: { file_path: "/var/log/vault/audit.log", format: "json" } }),
  vault_auth_backend: (i) => ({ type: "approle", path: `auth-${i}`, description: `auth backend ${i}` }),
  vault_aws_auth_backend_role: (i) => ({ backend: "aws", role: `role-${i}`, authType: "iam", boundIamPrincipalArns: [`arn:aws:iam::111111111111:role/r-${i}`], resolveAwsUniqueIds: true, tokenPolicies: ["p"], tokenTtl: 900, tokenMaxTtl: 900 }),
  // {{username}} and {{password}} are Vault's placeholders (it fills them from username / password_wo), not credentials.
  vault_database_secret_backend_connection: (i) => ({ backend: "database", name: `db-${i}`, allowedRoles: [`db-${i}-reader`], postgresql: { connectionUrl: `postgresql://{{username}}:{{password}}@pg-${i}.internal:5432/app`, username: "vault-admin", passwordWoVersion: 1 } }),
  vault_database_secret_backend_role: (i) => ({ backend: "database", name: `db-${i}-reader`, dbName: `db-${i}`, creationStatements: [`CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`, `GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`], defaultTtl: 3600, maxTtl: 28800 }),
  vault_generic_endpoint: (i) => ({ path: `kv/metadata/connector-${i}`, dataJson: JSON.stringify({ cas_required: true, custom_metadata: { connector: `connector-${i}`, owner: "platform" } }), disableDelete: true, ignoreAbsentFields: true }),
  vault_identity_group: (i) => ({ name: `group-${i}`, type: "internal", policies: ["p"], metadata: { environment: "bench" } }),
  vault_identity_mfa_login_enforcement: (i) => ({ name: `mfa-${i}`, mfaMethodIds: ["m"], identityGroupIds: ["g"] }),
  vault_identity_mfa_totp: (i) => ({ issuer: `bench ${i}`, algorithm: "SHA256", digits: 6, period: 30, maxValidationAttempts: 5 }),
  vault_jwt_auth_backend_role: (i) => ({ backend: "jwt", roleName: `role-${i}`, roleType: "jwt", boundAudiences: ["vault"], boundSubject: `repo:acme/job-${i}:ref:refs/heads/main`, userClaim: "sub", tokenPolicies: ["p"], tokenTtl: 3600, tokenMaxTtl: 28800 }),
  vault_kubernetes_auth_backend_role: (i) => ({ backend: "kubernetes", roleName: `role-${i}`, boundServiceAccountNames: [`job-${i}`], boundServiceAccountNamespaces: ["etl"], tokenPolicies: ["p"], tokenTtl: 3600, tokenMaxTtl: 43200 }),
  vault_kv_secret_backend_v2: (i) => ({ mount: `kv-${i}`, casRequired: true, maxVersions: 10 }),
  vault_mount: (i) => ({ path: `mount-${i}`, type: "kv", options: { version: "2" }, description: `mount ${i}` }),
  vault_namespace: (i) => ({ path: `ns-${i}` }),
  vault_pki_secret_backend_role: (i) => ({ backend: "pki", name: `cert-${i}`, allowedDomains: [`svc-${i}.internal`], allowSubdomains: false, allowBareDomains: true, ttl: "86400", maxTtl: "86400", keyType: "ec", keyBits: 256 }),
  vault_policy: (i) => ({ name: `policy-${i}`, policy: `path "kv/data/connector-${i}/*" {\n  capabilities = ["read"]\n}\n` }),
};
