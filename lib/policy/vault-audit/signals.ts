/*
 * What a Vault cluster's shipped audit log is watched for, as CloudWatch Logs metric filter patterns
 * over the audit log group (one group per cluster, several environments in it). Pure data, like
 * lib/policy/aws/detection.ts. Every pattern is checked against real OpenBao 2.7.2 audit lines in
 * test/policy/vault-audit/signals.test.ts (corpus: test/fixtures/openbao-audit).
 *
 * Facts of the audit entries the patterns rest on (format json, log_raw false, hmac_accessor true;
 * pinned by test/policy/vault-audit/openbao-audit-corpus.test.ts):
 *   - `type` is "request" or "response"; a response repeats the request (path, operation, namespace);
 *   - `request.namespace.path` is the namespace with a trailing slash ("etl/prod/"), absent for root;
 *     `request.path` is relative to it;
 *   - a refused request has the outer `error` ("1 error occurred:\n\t* permission denied\n\n");
 *     a successful one has no `error` key at all;
 *   - every string in `request.data` / `response.data` is HMAC'd, error messages included, so no
 *     pattern keys on a role name or on a login error's text;
 *   - a login to a role that does not exist is answered with an (HMAC'd) `response.data.error`, no
 *     `response.auth` and NO outer `error`; a wrong or used AppRole secret id carries the outer error
 *     "invalid credentials" and a refused Kubernetes token "permission denied", so those are told
 *     apart; a JWT that fails verification for an EXISTING role is written exactly like an unknown
 *     role (the message, which names the difference, is HMAC'd), so JWT logins are over-counted;
 *   - a root token's `auth.token_policies` is exactly ["root"].
 * Only leading/trailing `*` wildcards are used.
 */
import { FILTER_PATTERN_MAX } from "../aws/detection";

export { FILTER_PATTERN_MAX };

/** Path that no credential can have (ids start with a letter): the quarantine filter's content when nothing is quarantined. */
export const NO_QUARANTINE_SENTINEL = "connectors/-none-";

export interface VaultAuditEnvironmentInput {
  readonly environment: string;
  /** The environment's namespace (isolation: namespace), without trailing slash: "etl/prod". */
  readonly namespace?: string;
  /** Mount paths, as in VaultEnvironmentPlan.mounts (prefixed with isolation: mount). */
  readonly mounts: {
    readonly kv: string;
    readonly database: string;
    readonly pki: string;
    readonly ssh: string;
    readonly aws: string;
    readonly gcp: string;
    readonly approle: string;
    /** Every machine login mount of the environment other than AppRole (kubernetes, jwt), sorted. */
    readonly otherLogins: readonly string[];
  };
  /** Exact API paths that reach a quarantined credential's value, sorted. */
  readonly quarantinedPaths: readonly string[];
}

export interface VaultAuditSignal {
  /** Suffix of the filter / alarm name; parts of a split filter end in -2, -3, ... */
  readonly id: string;
  readonly metricName: string;
  readonly description: string;
  readonly pattern: string;
  /** Whether an alarm is set on the metric here (false: the metric feeds anomaly alarms elsewhere). */
  readonly alarm: boolean;
}

function any(clauses: readonly string[]): string {
  return clauses.length === 1 ? clauses[0]! : `(${clauses.join(" || ")})`;
}

function pathIs(path: string): string {
  return `($.request.path = ${JSON.stringify(path)})`;
}

function namespaceClause(input: VaultAuditEnvironmentInput): string[] {
  // Mount isolation: the prefixed mounts in the paths tell environments apart.
  return input.namespace ? [`($.request.namespace.path = ${JSON.stringify(`${input.namespace}/`)})`] : [];
}

/** Paths through which a connector's credential value is obtained, as prefixes. */
export function connectorValuePrefixes(m: VaultAuditEnvironmentInput["mounts"]): string[] {
  return [`${m.kv}/data/connectors/`, `${m.database}/creds/`, `${m.database}/static-creds/`, `${m.aws}/creds/`, `${m.gcp}/roleset/`];
}

/** Every path a connector credential is reached through (values, metadata, issuance), as prefixes. */
export function connectorPathPrefixes(m: VaultAuditEnvironmentInput["mounts"]): string[] {
  return [...connectorValuePrefixes(m), `${m.kv}/metadata/connectors/`, `${m.pki}/issue/`, `${m.ssh}/sign/`];
}

/**
 * Builds `{ head && (alternatives) }`, split into several patterns of at most FILTER_PATTERN_MAX
 * characters when the alternatives do not fit in one.
 */
function splitAlternatives(head: readonly string[], alternatives: readonly string[]): string[] {
  const build = (alts: readonly string[]) => `{ ${[...head, any(alts)].join(" && ")} }`;
  const parts: string[][] = [];
  let current: string[] = [];
  for (const alt of alternatives) {
    const next = [...current, alt];
    if (current.length > 0 && build(next).length > FILTER_PATTERN_MAX) {
      parts.push(current);
      current = [alt];
    } else current = next;
  }
  parts.push(current);
  for (const p of parts) {
    const pattern = build(p);
    if (pattern.length > FILTER_PATTERN_MAX)
      throw new Error(`a single audit filter clause exceeds ${FILTER_PATTERN_MAX} characters (${pattern.length})`);
  }
  return parts.map(build);
}

function numbered(base: Omit<VaultAuditSignal, "pattern">, patterns: readonly string[]): VaultAuditSignal[] {
  return patterns.map((pattern, i) => ({ ...base, id: i === 0 ? base.id : `${base.id}-${i + 1}`, pattern }));
}

/** The signals of one environment on the cluster's audit log group (metric namespace of the environment). */
export function vaultAuditEnvironmentSignals(input: VaultAuditEnvironmentInput): VaultAuditSignal[] {
  const ns = namespaceClause(input);
  const m = input.mounts;
  const connectorPaths = connectorPathPrefixes(m).map((p) => pathIs(`${p}*`));
  const valuePaths = connectorValuePrefixes(m).map((p) => pathIs(`${p}*`));
  const quarantined = input.quarantinedPaths.length > 0 ? input.quarantinedPaths : [`${m.kv}/data/${NO_QUARANTINE_SENTINEL}`];
  const logins = [m.approle, ...m.otherLogins].map((mount) => pathIs(`auth/${mount}/login`));
  return [
    ...numbered(
      {
        id: "vault-permission-denied",
        metricName: "VaultPermissionDenied",
        description: `Vault refused a request on a connector credential path of ${input.environment} (permission denied)`,
        alarm: true,
      },
      splitAlternatives([`($.type = "response")`, `($.error = "*permission denied*")`, ...ns], connectorPaths),
    ),
    ...numbered(
      {
        id: "vault-quarantined-access",
        metricName: "VaultQuarantinedAccess",
        description: `A request reached the path of a quarantined credential of ${input.environment} (allowed or not)`,
        alarm: true,
      },
      splitAlternatives([`($.type = "request")`, ...ns], quarantined.map(pathIs)),
    ),
    ...numbered(
      {
        id: "vault-login-unknown-role",
        metricName: "VaultLoginUnknownRole",
        description: `A machine login of ${input.environment} was refused without a credential error: a role that does not exist (deleted or never declared), or for JWT also a token that failed verification; a wrong or used AppRole secret id and a refused Kubernetes token are not counted`,
        alarm: true,
      },
      splitAlternatives(
        [
          `($.type = "response")`,
          ...ns,
          `($.error NOT EXISTS)`,
          `($.response.auth NOT EXISTS)`,
          `($.response.data.error = "hmac-sha256:*")`,
        ],
        logins,
      ),
    ),
    ...numbered(
      {
        id: "vault-secret-reads",
        metricName: "VaultSecretReads",
        description: `Successful reads of connector credential values of ${input.environment} (feeds the access anomaly alarms)`,
        alarm: false,
      },
      splitAlternatives([`($.type = "response")`, ...ns, `($.request.operation = "read")`, `($.error NOT EXISTS)`], valuePaths),
    ),
  ];
}

/** The cluster-wide signal: any use of a root token (or a root token being generated). */
export function vaultAuditClusterSignals(): VaultAuditSignal[] {
  return [
    {
      id: "root-token",
      metricName: "VaultRootTokenUse",
      description: "A request was made with a root token, or a root token generation was started",
      alarm: true,
      pattern: `{ ($.type = "request") && (($.auth.token_policies[0] = "root") || ($.auth.policies[0] = "root") || ($.request.path = "sys/generate-root/*")) }`,
    },
  ];
}
