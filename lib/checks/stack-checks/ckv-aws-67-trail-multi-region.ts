import { resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Mirrors Checkov CKV_AWS_67: CloudTrail records every region. */
export const ckvAws67TrailMultiRegion: CheckRule = {
  id: "CKV_AWS_67",
  severity: "error",
  description: "CloudTrail is enabled in all regions",
  fix: "set is_multi_region_trail = true",
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_cloudtrail")
      .filter((resource) => resource.config.is_multi_region_trail !== true)
      .map((resource) => ({ resource, message: "the trail records one region only" }));
  },
};
