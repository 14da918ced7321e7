import { ckvAws35TrailKms as rule } from "../../../lib/checks/stack-checks/ckv-aws-35-trail-kms";
import { findings, stackOf } from "./ckv-support";

describe("CKV_AWS_35 trail KMS", () => {
  it("passes a trail with a key", () =>
    expect(findings(rule, stackOf({ aws_cloudtrail: { t: { kms_key_id: "${aws_kms_key.k.arn}" } } }))).toEqual([]));
  it("fails a trail without", () =>
    expect(findings(rule, stackOf({ aws_cloudtrail: { t: {} } }))).toEqual(["aws_cloudtrail.t: the trail has no kms_key_id"]));
});
