/*
 * The IAM roles of the model, by account and name: roles the synth output creates, and roles it
 * only names (an existing consumer role a policy is attached to, a principal of a resource policy).
 * A role is created on first mention and its policies add up as later resources attach them.
 */
import type { IamPolicy } from "../../iam/policy-document";
import { canonicalRoleArn, principalIds } from "../../../intent/ids";
import { awsContextOf } from "../references";
import type { IamPrincipal } from "../types";
import { reportAt, type ReadContext, type Resolved } from "./context";
import { str } from "./values";

export class IamRoleRegistry {
  private readonly roles = new Map<string, IamPrincipal>();

  constructor(
    private readonly context: ReadContext,
    /** Managed policies of the synth output, by ARN. */
    private readonly managed: ReadonlyMap<string, IamPolicy>,
  ) {}

  values(): IterableIterator<IamPrincipal> {
    return this.roles.values();
  }

  /** The role, created with these details when it is not known yet. */
  ensure(
    accountId: string,
    partition: string,
    name: string,
    from?: Resolved,
    arn?: string,
    tags: Record<string, string> = {},
  ): IamPrincipal {
    const key = roleKey(accountId, name);
    const existing = this.roles.get(key);
    if (existing) return existing;
    const id = principalIds.iamRole(partition, accountId, name);
    const declared = this.context.intentPrincipals.get(id);
    const role: IamPrincipal = {
      kind: "iam",
      id,
      arn: arn ?? id,
      accountId,
      ...(from ? { stack: from.stack.name, address: from.resource.address } : {}),
      environment: declared?.env.name ?? (from && this.context.envByStack.get(from.stack.name)?.name) ?? tags.environment,
      ...(declared ? { class: declared.principal.class } : {}),
      roleName: name,
      tags,
      identityPolicies: [],
      opaquePolicies: [],
    };
    this.roles.set(key, role);
    return role;
  }

  /** Adds an identity policy (or, when its text is not in the output, an opaque policy name). */
  attach(role: IamPrincipal, policy: IamPolicy | undefined, opaque?: string): void {
    const current = this.current(role);
    this.roles.set(roleKey(role.accountId, role.roleName), {
      ...current,
      identityPolicies: policy ? [...current.identityPolicies, policy] : current.identityPolicies,
      opaquePolicies: opaque ? [...current.opaquePolicies, opaque] : current.opaquePolicies,
    });
  }

  /** Attaches a managed policy by ARN; one not in the synth output is named, not evaluated. */
  attachManaged(r: Resolved, role: IamPrincipal, arn: string): void {
    const policy = this.managed.get(arn);
    if (!policy)
      reportAt(this.context, r, "warning", `policy ${arn} attached to ${role.roleName} is not in the synth output; not evaluated`);
    this.attach(role, policy, policy ? undefined : arn);
  }

  /** The role a resource's argument names: a reference to a role of the stack, an ARN or a bare name. */
  fromArgument(r: Resolved, argument: string): IamPrincipal | undefined {
    const { resolver } = this.context;
    const raw = str(r.resource.raw[argument]) ?? "";
    const ref = /^\$\{(aws_iam_role\.[\w-]+)\.(name|id|arn)\}$/.exec(raw);
    const target = ref ? r.stack.byAddress.get(ref[1]) : undefined;
    if (target) {
      const name = resolver.attribute(r.stack, target, "name");
      if (name) return this.roles.get(roleKey(awsContextOf(r.stack, target).accountId, name));
    }
    const value = str(r.config[argument]);
    if (!value || value.includes("${")) {
      reportAt(this.context, r, "error", `${argument} "${raw}" cannot be resolved to a role; its policy cannot be evaluated`);
      return undefined;
    }
    const aws = awsContextOf(r.stack, r.resource);
    if (value.startsWith("arn:")) {
      const canonical = canonicalRoleArn(value);
      return this.ensure(
        canonical.split(":")[4] || aws.accountId,
        aws.partition,
        canonical.slice(canonical.lastIndexOf("/") + 1),
        undefined,
        value,
      );
    }
    // A role the stack does not create (an existing consumer role): same account as the provider.
    return this.ensure(aws.accountId, aws.partition, value);
  }

  /** The latest version of a role (attachments replace the stored object). */
  private current(role: IamPrincipal): IamPrincipal {
    return this.roles.get(roleKey(role.accountId, role.roleName))!;
  }
}

function roleKey(accountId: string, name: string): string {
  return `${accountId}|${name}`;
}
