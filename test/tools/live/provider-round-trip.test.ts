/** The pure parts of the real-provider round trip (tools/live/provider-round-trip.ts). */
import { planDrift, vaultPart } from "../../../tools/live/provider-round-trip";

const mixed = {
  terraform: {
    required_providers: { aws: { source: "hashicorp/aws" }, vault: { source: "hashicorp/vault", version: "5.6.0" } },
    required_version: ">= 1.11.0",
  },
  provider: { aws: [{ region: "eu-west-1" }], vault: [{ address: "https://vault.example" }] },
  data: { aws_iam_policy_document: { d: {} } },
  resource: { aws_iam_role: { r: { name: "x" } }, vault_policy: { p: { name: "p", policy: 'path "x" {}' } } },
  output: { role_arn: { value: "${aws_iam_role.r.arn}" }, policy: { value: "${vault_policy.p.name}" } },
  locals: { l: 1 },
};

describe("provider round trip: the Vault part of a stack", () => {
  it("keeps the Vault resources, provider and outputs and sets every AWS piece aside", () => {
    expect(JSON.parse(JSON.stringify(vaultPart(mixed)))).toEqual({
      terraform: { required_providers: { vault: { source: "hashicorp/vault", version: "5.6.0" } }, required_version: ">= 1.11.0" },
      provider: { vault: [{ address: "https://vault.example" }] },
      resource: { vault_policy: { p: { name: "p", policy: 'path "x" {}' } } },
      output: { policy: { value: "${vault_policy.p.name}" } },
      locals: { l: 1 },
    });
  });

  it("has nothing to validate in an AWS-only stack", () => {
    expect(vaultPart({ provider: { aws: [{}] }, resource: { aws_s3_bucket: { b: {} } } })).toBeUndefined();
  });

  it("refuses a Vault resource that refers to an AWS one instead of validating something else", () => {
    const linked = { ...mixed, resource: { ...mixed.resource, vault_policy: { p: { name: "${aws_iam_role.r.name}", policy: "x" } } } };
    expect(() => vaultPart(linked)).toThrow(/refers to an AWS resource/);
  });
});

describe("provider round trip: the drift a second plan shows", () => {
  it("names each changed resource and its changed attribute lines", () => {
    const plan = [
      "OpenTofu will perform the following actions:",
      "",
      "  # vault_jwt_auth_backend.jwt will be updated in-place",
      '  ~ resource "vault_jwt_auth_backend" "jwt" {',
      '        id = "jwt"',
      "      ~ jwt_validation_pubkeys = [",
      "      ~ <<-EOT",
      "        ]",
      "    }",
      "",
      "Plan: 0 to add, 1 to change, 0 to destroy.",
    ].join("\n");
    expect(planDrift(plan)).toEqual(["vault_jwt_auth_backend.jwt (updated in-place)", "    ~ jwt_validation_pubkeys = [", "    ~ <<-EOT"]);
  });
});
