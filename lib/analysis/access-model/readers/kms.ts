/* KMS: keys (aws_kms_key, with aws_kms_key_policy) by ARN and key id, and aliases to the key ARN they target. */
import type { IamPolicy } from "../../iam/policy-document";
import { awsContextOf } from "../references";
import { iamPolicyOf, reportAt, type ReadContext } from "./context";
import { str } from "./values";

export interface KmsKey {
  readonly arn: string;
  policy?: IamPolicy;
}

export interface KmsKeys {
  /** By key ARN and by key id: both name the same entry. */
  readonly keys: ReadonlyMap<string, KmsKey>;
  /** Alias name and alias ARN to the target key ARN. */
  readonly aliases: ReadonlyMap<string, string>;
}

export function readKmsKeys(context: ReadContext): KmsKeys {
  const { resolver } = context;
  const keys = new Map<string, KmsKey>();
  for (const r of context.ofType("aws_kms_key")) {
    const arn = resolver.attribute(r.stack, r.resource, "arn")!;
    const entry = {
      arn,
      policy: r.config.policy === undefined ? undefined : iamPolicyOf(context, r, `key policy ${r.resource.address}`, r.config.policy),
    };
    keys.set(arn, entry);
    keys.set(resolver.attribute(r.stack, r.resource, "key_id")!, entry);
  }
  for (const r of context.ofType("aws_kms_key_policy")) {
    const key = keys.get(str(r.config.key_id) ?? "");
    if (!key) {
      reportAt(context, r, "warning", `key ${String(r.config.key_id)} is not in the synth output`);
      continue;
    }
    key.policy = iamPolicyOf(context, r, `key policy ${r.resource.address}`, r.config.policy);
  }
  // Aliases are read from every stack's resources (an alias grants nothing, so it is not grouped by type).
  const aliases = new Map<string, string>();
  for (const stack of context.stacks) {
    for (const resource of stack.resources.filter((x) => x.type === "aws_kms_alias")) {
      const name = resolver.attribute(stack, resource, "name");
      const target = resolver.attribute(stack, resource, "target_key_arn");
      const aws = awsContextOf(stack, resource);
      if (name && target) {
        aliases.set(name, target);
        aliases.set(`arn:${aws.partition}:kms:${aws.region}:${aws.accountId}:${name}`, target);
      }
    }
  }
  return { keys, aliases };
}
