import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Testing } from "cdktf";
import { KmsKeys } from "../../../lib/constructs/aws/kms-keys";
import { awsStack, bodies, synthJson } from "./support";

const props = {
  partition: "aws",
  accountId: "222222222222",
  region: "eu-west-1",
  environment: "prod",
  secretsKeyAlias: "alias/acme-prod-secrets",
  logsKeyAlias: "alias/acme-prod-logs",
  deletionWindowDays: 30,
  logGroupPattern: "/aws/lambda/acme-prod-rotate-*",
};

describe("KmsKeys", () => {
  it("creates a secrets key and a logs key with rotation on and the class deletion window", () => {
    const stack = awsStack();
    new KmsKeys(stack, "keys", { ...props, preventDestroy: true });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(synth).toHaveResourceWithProperties(KmsAlias, { name: "alias/acme-prod-secrets" });
    expect(synth).toHaveResourceWithProperties(KmsAlias, { name: "alias/acme-prod-logs" });
    expect(bodies(synthJson(stack), "aws_kms_key")).toHaveLength(2);
  });

  it("writes key policies as literal JSON that delegate to the account and list no consumer", () => {
    const stack = awsStack();
    new KmsKeys(stack, "keys", props);
    for (const key of bodies(synthJson(stack), "aws_kms_key")) {
      const policy = JSON.parse(key.policy);
      expect(policy.Statement[0]).toMatchObject({ Sid: "AccountDelegation", Principal: { AWS: "arn:aws:iam::222222222222:root" } });
      expect(key.policy).not.toContain('"Principal":"*"');
      expect(key.lifecycle).toEqual({ prevent_destroy: false });
    }
  });
});
