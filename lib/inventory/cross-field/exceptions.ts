import { daysUntil, EXCEPTION_BOUNDARIES, EXCEPTION_WARNING_DAYS } from "../schema/exception";
import { ID_PATTERN, isCalendarDate } from "../schema/primitives";
import { checkBoundaries, type BoundaryCrossing } from "./boundaries";
import { asArray, asRecord, asString, type RuleContext } from "./raw-view";

/** Text from the inventory is echoed only when it is an id. */
const id = (text: string | undefined, what: string) => (text !== undefined && ID_PATTERN.test(text) ? text : `<${what}>`);

export interface ExceptionRuleOptions {
  /**
   * Today, `YYYY-MM-DD`, that judges each exception's expiry. Library code never reads the clock:
   * without it expiry is not judged (the CLI passes `--now`, the system date by default).
   */
  readonly now?: string;
}

interface RawException {
  readonly index: number;
  readonly boundary: string | undefined;
  readonly connector: string | undefined;
  readonly credential: string | undefined;
  readonly consumer: string | undefined;
  readonly environment: string | undefined;
  readonly target: string | undefined;
  used: boolean;
}

/** Whether an exception names exactly this crossing: its boundary, connector, environment and target (and the credential or consumer it narrows to). */
function covers(exception: RawException, crossing: BoundaryCrossing): boolean {
  if (
    exception.boundary !== crossing.kind ||
    exception.connector !== crossing.connectorId ||
    exception.environment !== crossing.environment
  )
    return false;
  if (crossing.kind === "cross-environment-trust") {
    if (exception.target !== crossing.trustedAccount) return false;
    if (exception.credential !== undefined && exception.credential !== crossing.credential) return false;
    return exception.consumer === undefined || exception.consumer === crossing.consumer;
  }
  if (exception.consumer !== undefined) return false;
  if (exception.credential !== undefined && exception.credential !== crossing.credential) return false;
  return exception.target === (crossing.resource ?? crossing.action);
}

/*
 * Exceptions (`exceptions:`) are the only way across a boundary: the boundary rule asks them for
 * each crossing; one that covers no crossing is an error (it would silently allow tomorrow's), its
 * references must exist, its approver is not its requester, and its expiry is judged by `now`.
 */
// long-function: the exception rules in the order of an entry's fields (id, covers, references, approver, expiry), then the crossings none covers; they share the collected entries and the id index
export function checkExceptions(ctx: RuleContext, options: ExceptionRuleOptions = {}): void {
  const exceptions: RawException[] = [];
  const ids = new Map<string, number>();
  asArray(ctx.root.exceptions).forEach(
    // long-function: the rules of one exception entry in the order of its fields (id, covers, references, approver, requester, expiry), sharing its path and record
    (value, index) => {
      const record = asRecord(value);
      if (!record) return;
      const path = ["exceptions", index];
      const exceptionId = asString(record.id);
      if (exceptionId !== undefined) {
        const first = ids.get(exceptionId);
        if (first !== undefined)
          ctx.report([...path, "id"], "duplicate-exception", `exceptions[${first}] already has this id; ids are unique`);
        else ids.set(exceptionId, index);
      }
      const requestedBy = asString(record.requestedBy);
      if (requestedBy !== undefined && !ctx.ownerIds.has(requestedBy))
        ctx.report([...path, "requestedBy"], "unknown-owner", "must be the id of an owner listed under owners");
      const approvedBy = asString(record.approvedBy);
      if (approvedBy !== undefined && approvedBy === requestedBy) {
        ctx.report(
          [...path, "approvedBy"],
          "exception-self-approved",
          "must differ from requestedBy: an exception is approved by someone other than who asked for it",
        );
      }
      const connectorId = asString(record.connector);
      const connector = connectorId === undefined ? undefined : ctx.connector(connectorId);
      const environment = asString(record.environment);
      if (connectorId !== undefined && !connector)
        ctx.report([...path, "connector"], "unknown-connector", "must be the id of a connector listed under connectors");
      if (environment !== undefined && !ctx.environment(environment))
        ctx.report([...path, "environment"], "unknown-environment", "must be the name of an environment listed under environments");
      else if (connector && environment !== undefined && !connector.environmentNames.includes(environment)) {
        ctx.report(
          [...path, "environment"],
          "exception-environment-unused",
          `connector ${id(connectorId, "connector id")} is not in environment ${id(environment, "environment")}`,
        );
      }
      const credential = asString(record.credential);
      if (connector && credential !== undefined && !connector.credentials.some((c) => c.name === credential)) {
        ctx.report([...path, "credential"], "unknown-credential", `must name a credential of connector ${id(connectorId, "connector id")}`);
      }
      const consumer = asString(record.consumer);
      if (connector && consumer !== undefined && !connector.consumers.some((c) => c.value.id === consumer)) {
        ctx.report([...path, "consumer"], "unknown-consumer", `must name a consumer of connector ${id(connectorId, "connector id")}`);
      }
      const boundary = asString(record.boundary);
      if (credential !== undefined && consumer !== undefined)
        ctx.report(path, "exception-credential-and-consumer", "names a credential and a consumer: one crossing has one of them; keep one");
      if (boundary === "wildcard-permission" && consumer !== undefined)
        ctx.report(
          [...path, "consumer"],
          "exception-consumer-wildcard",
          "a wildcard permission is a credential's `allow`: name the credential, not a consumer",
        );
      const expires = asString(record.expires);
      if (options.now !== undefined && expires !== undefined && isCalendarDate(expires)) {
        const days = daysUntil(expires, options.now);
        if (days < 0) {
          ctx.report(
            [...path, "expires"],
            "exception-expired",
            `the exception expired ${-days} day(s) ago (${expires}, today ${options.now}): renew it with a new approval, or remove the crossing and the exception`,
          );
        } else if (days <= EXCEPTION_WARNING_DAYS) {
          ctx.report(
            [...path, "expires"],
            "exception-expiring",
            `the exception expires in ${days} day(s) (${expires}, today ${options.now}): renew it with a new approval, or plan to remove the crossing`,
            "warning",
          );
        }
      }
      exceptions.push({
        index,
        boundary: (EXCEPTION_BOUNDARIES as readonly string[]).includes(boundary ?? "") ? boundary : undefined,
        connector: connectorId,
        credential,
        consumer,
        environment,
        target: asString(record.target),
        used: false,
      });
    },
  );

  checkBoundaries(ctx, (crossing) => {
    const matching = exceptions.filter((exception) => covers(exception, crossing));
    for (const exception of matching) exception.used = true;
    return matching.length > 0;
  });

  for (const exception of exceptions) {
    if (exception.used || exception.boundary === undefined) continue;
    ctx.report(
      ["exceptions", exception.index],
      "unused-exception",
      `matches no ${exception.boundary} of connector ${id(exception.connector, "connector id")} in environment ${id(exception.environment, "environment")}: ` +
        `an exception names exactly one crossing (connector, environment, ${exception.boundary === "cross-environment-trust" ? "the trusted account" : "the wildcard action or resource"} as written); remove it, or correct it`,
    );
  }
}
