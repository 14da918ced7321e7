import { orchestratorWiring, type OrchestratorWiring } from "../plan/orchestrator-plan";
import type { EnvironmentPlan, InventoryPlan } from "../plan/types";
import { quoteId } from "./consumer-wiring";
import { WireError, type WireBlock, type WireOutput, type WireTarget } from "./model";

/*
 * `etl-secrets wire` for a trusted orchestrator (issue 15, secret-id delivery): how it logs in, and
 * for each consumer it lists, the two calls that deliver a secret id (read the role id; mint a
 * response-wrapped, single-use secret id) and the one call the job makes (unwrap, then log in).
 * The facts come from orchestratorWiring (the plan); nothing here is a secret: the wrapping token
 * and the secret id exist only at run time, in the orchestrator's and the job's memory.
 */

/** Whether `id` is a trusted orchestrator of some environment of the plan. */
export function isOrchestrator(plan: InventoryPlan, id: string): boolean {
  return plan.environments.some((env) => env.orchestrators?.some((o) => o.id === id) ?? false);
}

/** The orchestrator's wiring in one environment; a WireError naming where it does exist otherwise. */
function wiringIn(plan: InventoryPlan, environment: EnvironmentPlan, id: string): OrchestratorWiring {
  if (!environment.orchestrators?.some((o) => o.id === id)) {
    const elsewhere = plan.environments.filter((env) => env.orchestrators?.some((o) => o.id === id)).map((env) => env.name);
    throw new WireError(
      "not-in-environment",
      `orchestrator ${quoteId(id)} delivers no secret id in environment ${environment.name}; it does in: ${elsewhere.join(", ")}`,
    );
  }
  return orchestratorWiring(environment, id, environment.name);
}

/** The CLI flags of a Vault call against this environment's cluster (and namespace). */
function vaultFlags(wiring: OrchestratorWiring): string {
  return wiring.vault.namespace ? ` -namespace=${wiring.vault.namespace}` : "";
}

function loginBlock(wiring: OrchestratorWiring): WireBlock {
  const login = wiring.login;
  const how: Record<OrchestratorWiring["login"]["method"], string> = {
    kubernetes: `vault write${vaultFlags(wiring)} ${login.path} role=${login.role} jwt=@/var/run/secrets/kubernetes.io/serviceaccount/token`,
    jwt: `vault write${vaultFlags(wiring)} ${login.path} role=${login.role} jwt=@"$ID_TOKEN_FILE"   # the orchestrator's own OIDC identity token`,
    "aws-iam": `vault login${vaultFlags(wiring)} -method=aws -path=${login.mount} role=${login.role}   # signs sts:GetCallerIdentity with the orchestrator's IAM role`,
    approle: `vault write${vaultFlags(wiring)} ${login.path} role_id=@role-id secret_id=@secret-id   # the orchestrator's own AppRole; bootstrapping its secret id is outside this library`,
  };
  return {
    title: `orchestrator ${wiring.orchestrator}: log in (${login.method}, mount ${login.mount}, role ${login.role}, policy ${wiring.policy})`,
    language: "sh",
    body: [`export VAULT_ADDR=${wiring.vault.address}`, how[login.method], ""].join("\n"),
  };
}

function deliveryBlock(wiring: OrchestratorWiring, consumer: OrchestratorWiring["consumers"][number]): WireBlock {
  const flags = vaultFlags(wiring);
  const metadata = wiring.allowedParameters.includes("metadata") ? ` metadata='{"run":"<run id>"}'` : " -f";
  return {
    title: `deliver a secret id to ${consumer.consumer} (${consumer.secretIdUses === 1 ? "single-use" : `${consumer.secretIdUses} uses`}, lives ${consumer.secretIdTtlSeconds}s once unwrapped)`,
    language: "sh",
    body: [
      `# as the orchestrator, once per job run:`,
      `role_id=$(vault read${flags} -field=role_id ${consumer.roleIdPath})`,
      `wrapping_token=$(vault write${flags} -wrap-ttl=${wiring.wrapping.maxSeconds}s -field=wrapping_token ${consumer.secretIdPath}${metadata})`,
      `# hand role_id and wrapping_token to the job (its environment or a file only it reads); never log them.`,
      `# in the job, once:`,
      `secret_id=$(VAULT_TOKEN="$wrapping_token" vault unwrap${flags} -field=secret_id)`,
      `vault write${flags} ${consumer.loginPath} role_id="$role_id" secret_id="$secret_id"`,
      "",
    ].join("\n"),
  };
}

/** What a trusted orchestrator's job needs in one environment; the same Vault calls for every target. */
export function orchestratorWire(
  plan: InventoryPlan,
  environment: EnvironmentPlan,
  id: string,
  target: WireTarget,
): WireOutput<OrchestratorWiring & { readonly kind: "orchestrator" }> {
  const wiring = wiringIn(plan, environment, id);
  const notes = [
    `Every mint must be response-wrapped for ${wiring.wrapping.minSeconds}s to ${wiring.wrapping.maxSeconds}s (X-Vault-Wrap-TTL); the policy ${wiring.policy} refuses an unwrapped or longer-wrapped mint, and any parameter but ${wiring.allowedParameters.join(", ") || "none"}.`,
    `The policy reads no credential and mints for ${wiring.consumers.map((c) => c.consumer).join(", ")} only; etl-secrets simulate proves both on the synthesized policies.`,
    "A wrapping token that was already unwrapped when the job gets it means someone else read the secret id: stop the job and page security (vault unwrap fails on a used token).",
    `For --for ${target}, each consumer's own settings come from etl-secrets wire <inventory> <consumer> --env ${wiring.environment} --for ${target}.`,
  ];
  return {
    target,
    subject: "orchestrator",
    consumer: id,
    environment: wiring.environment,
    data: { kind: "orchestrator", ...wiring },
    blocks: [loginBlock(wiring), ...wiring.consumers.map((c) => deliveryBlock(wiring, c))],
    notes,
  };
}
