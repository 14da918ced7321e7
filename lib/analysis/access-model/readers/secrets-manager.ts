/* Secrets Manager: secrets with their tags, key and key policy, and resource policies set apart (aws_secretsmanager_secret_policy). */
import { awsContextOf } from "../references";
import type { AwsSecret } from "../types";
import { iamPolicyOf, reportAt, type ReadContext } from "./context";
import type { KmsKeys } from "./kms";
import { str, tagsOf } from "./values";

/** Every secret of the synth output, by ARN. */
export function readSecrets(context: ReadContext, kms: KmsKeys): Map<string, AwsSecret> {
  const secretsByArn = new Map<string, AwsSecret>();
  for (const r of context.ofType("aws_secretsmanager_secret")) {
    const name = str(r.config.name);
    const arn = context.resolver.attribute(r.stack, r.resource, "arn");
    if (!name || !arn) {
      reportAt(context, r, "error", "aws_secretsmanager_secret without a literal name cannot be evaluated");
      continue;
    }
    const aws = awsContextOf(r.stack, r.resource);
    const kmsRef = str(r.config.kms_key_id);
    const keyArn = kmsRef ? (kms.aliases.get(kmsRef) ?? kmsRef) : undefined;
    const key = keyArn ? kms.keys.get(keyArn) : undefined;
    if (kmsRef && !key)
      reportAt(context, r, "warning", `key ${kmsRef} is not in the synth output; kms:Decrypt is evaluated without its key policy`);
    // <prefix>/<connector>/<credential>/<field>: the credential a secret holds.
    const credential = /^[^/]+\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(name);
    secretsByArn.set(arn, {
      store: "aws",
      id: arn,
      name,
      accountId: aws.accountId,
      region: aws.region,
      environment: context.envByStack.get(r.stack.name)?.name,
      ...(credential ? { credentialId: `${credential[2]}/${credential[3]}`, connectorId: credential[2] } : {}),
      tags: { ...aws.defaultTags, ...tagsOf(r.config.tags) },
      ...(r.config.policy !== undefined ? { resourcePolicy: iamPolicyOf(context, r, `resource policy of ${name}`, r.config.policy) } : {}),
      ...(keyArn ? { kmsKeyArn: key?.arn ?? keyArn } : {}),
      ...(key?.policy ? { keyPolicy: key.policy } : {}),
      origin: ["synth"],
      stack: r.stack.name,
      address: r.resource.address,
    });
  }
  for (const r of context.ofType("aws_secretsmanager_secret_policy")) {
    const arn = str(r.config.secret_arn) ?? "";
    const secret = secretsByArn.get(arn);
    if (!secret) {
      reportAt(context, r, "error", `secret_arn "${arn}" is not a secret of the synth output; the policy cannot be evaluated`);
      continue;
    }
    const policy = iamPolicyOf(context, r, `resource policy of ${secret.name}`, r.config.policy);
    if (policy) secretsByArn.set(arn, { ...secret, resourcePolicy: policy });
  }
  return secretsByArn;
}
