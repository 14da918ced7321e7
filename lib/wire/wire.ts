import type { InventoryPlan } from "../plan/types";
import { airflowWire } from "./airflow";
import { consumerWiring, environmentPlanFor } from "./consumer-wiring";
import { ecsWire } from "./ecs";
import { githubActionsWire } from "./github-actions";
import { kubernetesWire } from "./kubernetes";
import { isOrchestrator, orchestratorWire } from "./orchestrator";
import { WIRE_TARGETS, WireError, type ConsumerWiring, type WireOutput, type WireTarget } from "./model";

const RENDER: Readonly<Record<WireTarget, (wiring: ConsumerWiring) => WireOutput>> = {
  airflow: airflowWire,
  kubernetes: kubernetesWire,
  ecs: ecsWire,
  "github-actions": githubActionsWire,
};

export function isWireTarget(target: string): target is WireTarget {
  return (WIRE_TARGETS as readonly string[]).includes(target);
}

/**
 * What one consumer's job needs in one environment, for one target; for the id of a trusted
 * orchestrator, how it delivers secret ids to its consumers. Throws WireError.
 */
export function wireConsumer(
  plan: InventoryPlan,
  request: { readonly consumer: string; readonly environment: string; readonly target: string },
): WireOutput {
  if (!isWireTarget(request.target)) {
    throw new WireError("unknown-target", `--for must be one of ${WIRE_TARGETS.join(", ")}`);
  }
  const environment = environmentPlanFor(plan, request.environment);
  // Validation keeps orchestrator ids apart from consumer ids, so an id names one or the other.
  if (isOrchestrator(plan, request.consumer)) return orchestratorWire(plan, environment, request.consumer, request.target);
  return RENDER[request.target](consumerWiring(environment, request.consumer, plan));
}

/** The text form: a heading, each block under its title, then the notes. */
export function formatWireText(output: WireOutput): string {
  const out = [
    `# ${output.target}: ${output.subject ?? "consumer"} ${output.consumer} in ${output.environment} (no secret values; see the notes for what is delivered at run time)`,
    "",
  ];
  for (const block of output.blocks) {
    out.push(`## ${block.title} (${block.language})`, "", block.body.replace(/\n$/, ""), "");
  }
  if (output.notes.length > 0) {
    out.push("## notes", "", ...output.notes.map((n) => `- ${n}`), "");
  }
  return out.join("\n");
}

/** The JSON form (`etl-secrets-wire/1`): the target's data and the notes. */
export function formatWireJson(output: WireOutput): string {
  return JSON.stringify(
    {
      format: "etl-secrets-wire/1",
      target: output.target,
      consumer: output.consumer,
      environment: output.environment,
      ...(output.data as object),
      notes: output.notes,
    },
    null,
    2,
  );
}
