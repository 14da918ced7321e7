/**
 * One IAM request and its context keys.
 *
 * The keys AWS derives from the principal and the resource (aws:PrincipalArn, aws:PrincipalAccount,
 * aws:PrincipalTag/*, aws:ResourceAccount, aws:ResourceTag/*, secretsmanager:ResourceTag/*) are
 * filled in from the request; everything else (aws:SourceArn, kms:ViaService, aws:SecureTransport,
 * aws:MultiFactorAuthAge, aws:userid, ...) comes from `context`, which also overrides derived keys.
 * Key names compare case-insensitively, as in AWS.
 */
import { byText } from "../../shared/text-order";

export type ContextValue = string | readonly string[];

export interface IamPrincipal {
  /** An IAM role or user ARN (what aws:PrincipalArn reports), or a service principal such as `secretsmanager.amazonaws.com`. */
  readonly arn: string;
  /** Defaults to the account in the ARN. */
  readonly accountId?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface IamResource {
  readonly arn: string;
  /** Defaults to the account in the ARN. */
  readonly accountId?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface IamRequest {
  readonly principal: IamPrincipal;
  /** `service:Action`, e.g. `secretsmanager:GetSecretValue`. */
  readonly action: string;
  readonly resource: IamResource;
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export interface RequestContext {
  /** Looks a key up case-insensitively. */
  get(key: string): ContextValue | undefined;
  /** Every key with its value, keys as first written, sorted. */
  entries(): ReadonlyArray<readonly [string, ContextValue]>;
}

export function isServicePrincipal(principal: IamPrincipal): boolean {
  return !principal.arn.startsWith("arn:") && principal.arn.endsWith(".amazonaws.com");
}

export function principalAccountId(principal: IamPrincipal): string | undefined {
  return principal.accountId ?? (isServicePrincipal(principal) ? undefined : arnAccount(principal.arn));
}

export function resourceAccountId(resource: IamResource): string | undefined {
  return resource.accountId ?? arnAccount(resource.arn);
}

export function buildRequestContext(request: IamRequest): RequestContext {
  const values = new Map<string, readonly [string, ContextValue]>();
  const set = (key: string, value: ContextValue | undefined): void => {
    if (value !== undefined) values.set(key.toLowerCase(), [key, value]);
  };
  if (!isServicePrincipal(request.principal)) {
    set("aws:PrincipalArn", request.principal.arn);
    set("aws:PrincipalAccount", principalAccountId(request.principal));
    for (const [tag, value] of Object.entries(request.principal.tags ?? {})) set(`aws:PrincipalTag/${tag}`, value);
  }
  set("aws:ResourceAccount", resourceAccountId(request.resource));
  const secretsManagerResource = arnService(request.resource.arn) === "secretsmanager";
  for (const [tag, value] of Object.entries(request.resource.tags ?? {})) {
    set(`aws:ResourceTag/${tag}`, value);
    if (secretsManagerResource) set(`secretsmanager:ResourceTag/${tag}`, value);
  }
  for (const [key, value] of Object.entries(request.context ?? {})) set(key, value);
  // Sorted only when asked: most evaluations only look keys up.
  let sorted: (readonly [string, ContextValue])[] | undefined;
  return {
    get: (key) => values.get(key.toLowerCase())?.[1],
    entries: () => (sorted ??= [...values.values()].sort(([a], [b]) => byText(a, b))),
  };
}

function arnAccount(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts.length >= 6 && parts[0] === "arn" && parts[4] !== "" ? parts[4] : undefined;
}

function arnService(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts.length >= 6 && parts[0] === "arn" ? parts[2] : undefined;
}
