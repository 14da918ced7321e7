import { ckvAws67TrailMultiRegion as rule } from "../../../lib/checks/stack-checks/ckv-aws-67-trail-multi-region";
import { findings, stackOf } from "./ckv-support";

describe("CKV_AWS_67 multi-region trail", () => {
  it("passes a multi-region trail", () =>
    expect(findings(rule, stackOf({ aws_cloudtrail: { t: { is_multi_region_trail: true } } }))).toEqual([]));
  it("fails a single-region trail", () =>
    expect(findings(rule, stackOf({ aws_cloudtrail: { t: {} } }))).toEqual(["aws_cloudtrail.t: the trail records one region only"]));
});
