/*
 * Policies of an environment's SNS topics: its CloudWatch alarms and EventBridge rules (by name
 * prefix, in this account) may publish. Nothing else.
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "./policy-document";

export interface TopicPolicyInput {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly topicArn: string;
  /** `<organization>-<environment>-`: alarms and rules of the environment start with it. */
  readonly namePrefix: string;
  readonly alarms: boolean;
  readonly rules: boolean;
}

export function topicPolicy(input: TopicPolicyInput): PolicyDocument {
  const statements: PolicyStatement[] = [];
  if (input.alarms) {
    statements.push({
      Sid: "AlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["sns:Publish"],
      Resource: [input.topicArn],
      Condition: {
        ArnLike: { "aws:SourceArn": `arn:${input.partition}:cloudwatch:${input.region}:${input.accountId}:alarm:${input.namePrefix}*` },
        StringEquals: { "aws:SourceAccount": input.accountId },
      },
    });
  }
  if (input.rules) {
    statements.push({
      Sid: "RulesPublish",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["sns:Publish"],
      Resource: [input.topicArn],
      Condition: {
        ArnLike: { "aws:SourceArn": `arn:${input.partition}:events:${input.region}:${input.accountId}:rule/${input.namePrefix}*` },
        StringEquals: { "aws:SourceAccount": input.accountId },
      },
    });
  }
  return policyDocument(statements);
}
