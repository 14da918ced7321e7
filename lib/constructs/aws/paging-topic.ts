import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Construct } from "constructs";
import { remindersTopicPolicy } from "../../policy/aws/reminders-policy";
import { policyJson } from "./terraform-text";

export interface PagingTopicProps {
  readonly name: string;
  readonly accountId: string;
  readonly partition: string;
  /** The role that publishes pages (the reminder checker's). */
  readonly publisherRoleArn: string;
  /** The environment's logs key. */
  readonly logsKeyArn: string;
}

/**
 * The environment's paging topic (`<org>-<env>-secrets-paging`): what must wake on-call (reminders
 * of critical credentials). It has no subscription in Terraform, ever: a PagerDuty or chat
 * integration URL carries a key, and Terraform state would keep it. People subscribe outside
 * Terraform (`aws sns subscribe --topic-arn <output secrets_paging_topic_arn__<env>> ...`).
 */
export class PagingTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: PagingTopicProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, "topic", { name: props.name, kmsMasterKeyId: props.logsKeyArn });
    new SnsTopicPolicy(this, "policy", {
      arn: this.topic.arn,
      policy: policyJson(
        remindersTopicPolicy({
          topicArn: this.topic.arn,
          publisherRoleArn: props.publisherRoleArn,
          accountId: props.accountId,
          partition: props.partition,
        }),
      ),
    });
  }
}
