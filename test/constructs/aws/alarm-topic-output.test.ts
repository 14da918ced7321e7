import { planInventory } from "../../../lib/plan/inventory-plan";
import { fixtureInventory } from "../../support/inventories";
import { stackJson } from "../../support/synth";
import { fixtureSynthFiles } from "../../support/fixture-synth";

describe("the alarm topic's ARN is an output, for subscribing on-call outside Terraform", () => {
  const inventory = fixtureInventory("acme.yaml");
  const files = fixtureSynthFiles("acme.yaml");
  const plan = planInventory(inventory);

  it("outputs secrets_alarm_topic_arn__<env> for each environment with an alarm topic, pointing at that topic", () => {
    const withTopic = plan.environments.filter((e) => e.aws && e.aws.secrets.length > 0);
    expect(withTopic.map((e) => e.name).sort()).toEqual(["dev", "prod", "staging"]);
    for (const env of withTopic) {
      const stack = stackJson(files, env.name);
      const [address] = Object.entries(stack.resource.aws_sns_topic).find(
        ([, body]: [string, any]) => body.name === env.aws!.detection.alarmTopic,
      )!;
      expect(stack.output[`secrets_alarm_topic_arn__${env.name}`]).toEqual(
        expect.objectContaining({ value: `\${aws_sns_topic.${address}.arn}`, sensitive: false }),
      );
    }
  });

  it("outputs none where the environment has no alarm topic", () => {
    const withoutTopic = plan.environments.filter((e) => !e.aws || e.aws.secrets.length === 0);
    expect(withoutTopic.map((e) => e.name)).toContain("test");
    for (const env of withoutTopic) {
      expect(Object.keys(stackJson(files, env.name).output ?? {}).filter((name) => name.startsWith("secrets_alarm_topic_arn"))).toEqual([]);
    }
  });
});
