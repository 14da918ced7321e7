import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack } from "cdktf";
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { Construct } from "constructs";
import { cloudWatchAgentConfig, renderAgentConfig } from "../../plan/vault-audit-agent-config";
import { CLOUDWATCH_AGENT_ARTIFACT, type VaultAuditPlan } from "../../plan/vault-audit-plan";

export interface AuditAgentConfigProps {
  readonly plan: VaultAuditPlan;
  /** @default "aws" */
  readonly partition?: string;
}

/**
 * Writes the Amazon CloudWatch agent's configuration that ships the cluster's file audit log to its
 * sink (`amazon-cloudwatch-agent.json`) beside the stack it is added to (the cluster stack), like
 * `openbao-audit.hcl`. No resource: the stack's Terraform does not change.
 */
export class AuditAgentConfig extends Construct {
  readonly text: string;

  constructor(scope: Construct, id: string, props: AuditAgentConfigProps) {
    super(scope, id);
    this.text = renderAgentConfig(cloudWatchAgentConfig(props.plan, props.partition));
    const stack = TerraformStack.of(this);
    addCustomSynthesis(this, {
      onSynthesize: (session) => {
        const directory = join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        writeFileSync(join(directory, CLOUDWATCH_AGENT_ARTIFACT), this.text);
      },
    });
  }
}
