import { quoted, shown, shownAs } from "../display";
import { SENSITIVITY_CLASSES, LONG_RUNNING_LEASE_MAX_SECONDS, type Sensitivity } from "../class-defaults";
import { formatDuration, parseDuration } from "../duration";
import { credentialSchema } from "../schema/credential";
import { structuralIssues } from "../structural-issues";
import { credentialLimitFindings } from "./credential-limits";
import type { SpecPath } from "../issues";
import { asRecord, asString, list, type RawConnector, type RawRecord, type RuleContext } from "./raw-view";

/** Credentials: one syntax at a time, class limits, masters, overrides, leases, lifecycle. */
export function checkCredentials(ctx: RuleContext): void {
  for (const connector of ctx.connectors) {
    const { value, path } = connector;
    if (value.credential !== undefined && value.credentials !== undefined) {
      ctx.report(
        [...path, "credentials"],
        "credential-and-credentials",
        'give either credential (shorthand for one credential named "main") or credentials, not both',
      );
    } else if (value.credential === undefined && value.credentials === undefined) {
      ctx.report(path, "credential-required", "needs credential (one credential) or credentials (several, by name)");
    } else if (value.credentials !== undefined && asRecord(value.credentials) && Object.keys(asRecord(value.credentials)!).length === 0) {
      ctx.report([...path, "credentials"], "credential-required", "must name at least one credential");
    }

    for (const credential of connector.credentials) {
      for (const finding of credentialLimitFindings(credential.value, connector.sensitivity, asString(value.system), connector.store)) {
        ctx.report([...credential.path, ...finding.path], finding.code, finding.message);
      }
      // Only a rotated password names a master (checkMaster says nothing of any other).
      if (credential.value.type === "rotated-password") checkMaster(ctx, connector, credential.value, [...credential.path, "master"]);
      if (credential.type === "rotated-password" && credential.value.allowPlaintext === true) {
        const production = ctx.environmentsOf(connector).filter((env) => env.production);
        if (production.length > 0) {
          ctx.report(
            [...credential.path, "allowPlaintext"],
            "plaintext-in-production",
            `a database without TLS is never allowed in production (environment ${list(production.map((e) => e.name ?? ""))})`,
          );
        }
      }
      if (credential.type === "rotated-password") checkRotationPins(ctx, connector, credential.value, credential.path);
      if (credential.type === "cloud-access-key" && credential.value.mode === "static") {
        const production = ctx.environmentsOf(connector).filter((env) => env.production);
        if (production.length > 0) {
          ctx.report(
            [...credential.path, "mode"],
            "static-cloud-key-in-production",
            `static cloud keys are not allowed in production (environment ${list(production.map((e) => e.name ?? ""))}): use mode dynamic or rotated`,
          );
        }
      }
    }
    checkOverrides(ctx, connector);
    checkLeases(ctx, connector);

    const lifecycle = asRecord(value.lifecycle);
    const createdOn = asString(lifecycle?.createdOn);
    const reviewBy = asString(lifecycle?.reviewBy);
    if (createdOn && reviewBy && reviewBy < createdOn) {
      ctx.report(
        [...path, "lifecycle", "reviewBy"],
        "review-before-creation",
        `${shownAs("date", reviewBy)} is before createdOn (${shownAs("date", createdOn)})`,
      );
    }
  }
}

function checkMaster(ctx: RuleContext, connector: RawConnector, credential: RawRecord, path: (string | number)[]): void {
  const masterId = asString(credential.master);
  // Without alternating-users the master is unused, which credential-limits already reports.
  if (credential.type !== "rotated-password" || masterId === undefined || credential.strategy !== "alternating-users") return;
  const master = ctx.connector(masterId);
  if (!master) {
    ctx.report(
      path,
      "unknown-master",
      `${quoted(masterId)} is not a declared connector; master names the connector whose credential manages the user pair`,
    );
    return;
  }
  if (master.id === connector.id) {
    ctx.report(path, "master-is-self", "a connector cannot be its own master: name the administrative connector");
    return;
  }
  if (!master.credentials.some((c) => c.type === "rotated-password" || c.type === "static-password")) {
    ctx.report(path, "master-not-password", `connector ${quoted(masterId)} holds no database password that could manage users`);
  }
  if (master.store !== connector.store) {
    ctx.report(
      path,
      "master-store-mismatch",
      `connector ${quoted(masterId)} is stored in ${shown(master.store)}, this one in ${shown(connector.store)}; the rotation function reads both from one store`,
    );
  }
  const missing = connector.environmentNames.filter((name) => !master.environmentNames.includes(name));
  if (missing.length > 0) {
    ctx.report(
      path,
      "master-missing-environment",
      `connector ${quoted(masterId)} does not exist in environment(s) ${list(missing)}, where this credential is rotated`,
    );
  }
}

/**
 * An override is merged over its credential and the result validated as a whole; findings are
 * reported at the override's own path, and only for what the override changed.
 */
function checkOverrides(ctx: RuleContext, connector: RawConnector): void {
  const environments = asRecord(connector.value.environments) ?? {};
  for (const [envName, rawOverride] of Object.entries(environments)) {
    const override = asRecord(rawOverride);
    if (!override) continue;
    const overridePath = [...connector.path, "environments", envName];
    const { credentials: named, ...mainFields } = override;
    const targets: [string, RawRecord, (string | number)[]][] = [];
    if (Object.keys(mainFields).length > 0) targets.push(["main", mainFields, overridePath]);
    for (const [name, fields] of Object.entries(asRecord(named) ?? {})) {
      targets.push([name, asRecord(fields) ?? {}, [...overridePath, "credentials", name]]);
    }
    for (const [name, fields, path] of targets) {
      const base = connector.credentials.find((c) => c.name === name);
      if (!base) {
        ctx.report(
          path === overridePath ? [...path, Object.keys(fields)[0]] : path,
          "override-unknown-credential",
          path === overridePath
            ? `top-level override fields apply to the credential "main", which connector ${quoted(connector.id)} does not have; use credentials: { <name>: {...} } (its credentials: ${list(connector.credentials.map((c) => c.name))})`
            : `${quoted(name)} is not a credential of connector ${quoted(connector.id)}; its credentials: ${list(connector.credentials.map((c) => c.name))}`,
        );
        continue;
      }
      if ("type" in fields) {
        ctx.report(
          [...path, "type"],
          "override-type",
          "a credential's type cannot change per environment; declare another credential instead",
        );
        continue;
      }
      const merged = deepMerge(base.value, fields);
      const changed = (issuePath: readonly (string | number)[]) => hasPath(fields, issuePath);
      for (const issue of structuralIssues(credentialSchema, merged)) {
        if (changed(issue.path)) ctx.report([...path, ...issue.path], issue.code, issue.message);
      }
      for (const finding of credentialLimitFindings(merged, connector.sensitivity, asString(connector.value.system), connector.store)) {
        if (changed(finding.path)) ctx.report([...path, ...finding.path], finding.code, finding.message);
      }
      // A production environment can't weaken the database's TLS through its override either.
      if (merged.type === "rotated-password" && ctx.environment(envName)?.production) {
        if (changed(["allowPlaintext"]) && merged.allowPlaintext === true) {
          ctx.report(
            [...path, "allowPlaintext"],
            "plaintext-in-production",
            `a database without TLS is never allowed in production (environment ${envName})`,
          );
        }
        const tls = asString(merged.tls);
        if (changed(["tls"]) && tls !== undefined && tls !== "verify-full") {
          ctx.report([...path, "tls"], "weak-tls-in-production", weakTlsMessage(tls, [envName]));
        }
      }
    }
  }
}

/** A consumer's lease maximum: the class maximum, or up to 24h with a written reason. */
function checkLeases(ctx: RuleContext, connector: RawConnector): void {
  const limits =
    connector.sensitivity && connector.sensitivity in SENSITIVITY_CLASSES
      ? SENSITIVITY_CLASSES[connector.sensitivity as Sensitivity]
      : undefined;
  for (const consumer of connector.consumers) {
    const lease = asRecord(consumer.value.lease);
    const max = typeof lease?.max === "string" ? parseDuration(lease.max) : undefined;
    if (max !== undefined && max > LONG_RUNNING_LEASE_MAX_SECONDS) {
      ctx.report(
        [...consumer.path, "lease", "max"],
        "lease-beyond-limit",
        `${shownAs("duration", lease?.max)} exceeds the longest lease a long-running consumer may ask for (${formatDuration(LONG_RUNNING_LEASE_MAX_SECONDS)})`,
      );
    } else if (max !== undefined && limits && max <= limits.leaseMaxSeconds) {
      ctx.report(
        [...consumer.path, "lease"],
        "lease-not-needed",
        `${shownAs("duration", lease?.max)} is within the class maximum (${formatDuration(limits.leaseMaxSeconds)}); remove the lease exception`,
        "warning",
      );
    }
  }
}

/**
 * A database password rotated by a Secrets Manager function acts only on what the secret's tags pin
 * (user, host, port, database, weakest TLS mode), taken from here: without a declared user every
 * rotation is refused, and a TLS mode below verify-full is an explicit, non-production choice.
 */
function checkRotationPins(ctx: RuleContext, connector: RawConnector, credential: RawRecord, path: SpecPath): void {
  const tls = asString(credential.tls);
  if (tls !== undefined && tls !== "verify-full") {
    const production = ctx.environmentsOf(connector).filter((env) => env.production);
    if (production.length > 0) {
      ctx.report(
        [...path, "tls"],
        "weak-tls-in-production",
        weakTlsMessage(
          tls,
          production.map((e) => e.name ?? ""),
        ),
      );
    }
  }
  if (connector.store === "aws" && asString(asRecord(credential.database)?.username) === undefined) {
    ctx.report(
      [...path, "database", "username"],
      "rotation-user-undeclared",
      "the rotation function acts only on the user pinned in the secret's tags, taken from here: declare the login (every rotation is refused until then)",
      "warning",
    );
  }
}

function weakTlsMessage(tls: string, environments: readonly string[]): string {
  return `a database TLS mode ${tls === "require" ? "without certificate verification" : "without host name verification"} is never allowed in production (environment ${list(environments)}); use verify-full`;
}

export function deepMerge(base: RawRecord, override: RawRecord): RawRecord {
  const result: RawRecord = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const baseValue = asRecord(base[key]);
    const overrideValue = asRecord(value);
    result[key] = baseValue && overrideValue ? deepMerge(baseValue, overrideValue) : value;
  }
  return result;
}

function hasPath(value: unknown, path: readonly (string | number)[]): boolean {
  let current = value;
  for (const segment of path) {
    const record = asRecord(current);
    if (!record || !(String(segment) in record)) return false;
    current = record[String(segment)];
  }
  return true;
}
