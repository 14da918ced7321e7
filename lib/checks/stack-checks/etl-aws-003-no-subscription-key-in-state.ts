import { resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Protocols whose endpoint can carry an integration key (a paging service's URL) or run code outside the library. */
export const KEY_BEARING_PROTOCOLS: readonly string[] = ["http", "https", "lambda"];

/** `${aws_lambda_function.<name>.arn}`: a reference to a function of the same stack. */
const OWN_FUNCTION_REFERENCE = /^\$\{aws_lambda_function\.([A-Za-z0-9_-]+)\.arn\}$/;

/**
 * Security and on-call channels reach people by email, or outside Terraform: an SNS subscription
 * with an http(s) endpoint puts the endpoint (a paging integration key is part of its URL) into
 * Terraform state, and a Lambda subscription to a function the library does not create hands
 * alarms to code nobody reviewed here. A Lambda subscription to one of the stack's own functions
 * (a reference to an `aws_lambda_function` of the same stack) is allowed.
 */
export const etlAws003NoSubscriptionKeyInState: CheckRule = {
  id: "ETL-AWS-003",
  severity: "error",
  description: "SNS subscriptions never put an integration endpoint into Terraform state",
  fix: "subscribe the security channel by email (notifications.security.email); subscribe on-call tools outside Terraform, to the topics the stacks output",
  check(stack: SynthStack): RuleFinding[] {
    const ownFunctions = new Set(resourcesOf(stack, "aws_lambda_function").map((resource) => resource.name));
    const out: RuleFinding[] = [];
    for (const resource of resourcesOf(stack, "aws_sns_topic_subscription")) {
      const protocol = String(resource.config.protocol ?? "").toLowerCase();
      if (!KEY_BEARING_PROTOCOLS.includes(protocol)) continue;
      if (protocol === "lambda") {
        const own = OWN_FUNCTION_REFERENCE.exec(String(resource.config.endpoint ?? ""));
        if (own && ownFunctions.has(own[1]!)) continue;
        out.push({ resource, message: "subscribes a Lambda function the stack does not create" });
        continue;
      }
      // Never echo the endpoint: it may hold the key.
      out.push({
        resource,
        message: `subscribes an ${protocol} endpoint: its URL (and any integration key in it) would be Terraform state`,
      });
    }
    return out;
  },
};
