/*
 * The fair baseline: what a team writing plain cdktf by hand would run to get the library's output
 * graph. From a shape file (bench/shape.ts, extracted from the library's synth output) it builds, per
 * stack, the same number of resources of the same types with the provider classes (deep imports),
 * literal configs (bench/baseline-literals.ts), and the same references as cdktf tokens (`key.arn`,
 * `role.name`, a token inside a JSON policy string, `dependsOn`), constructed in dependency order,
 * then App.synth(). It never loads library code (lib/).
 *
 * Run as its own process (bench/run.ts bundles it to JavaScript first, so that neither side pays
 * for a TypeScript transpiler): node baseline.js <shape.json> <outdir>
 */
import { readFileSync } from "node:fs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { VaultProvider } from "@cdktf/provider-vault/lib/provider";
import { App, TerraformOutput, TerraformStack, TerraformVariable, type TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { LITERALS } from "./baseline-literals";
import { dependencyOrder, type Shape, type ShapeSlot, type ShapeTarget, type StackShape } from "./shape";

type ResourceClass = new (scope: Construct, id: string, config: Record<string, unknown>) => TerraformResource;

const classes = new Map<string, ResourceClass>();

/** `aws_iam_role` -> IamRole of @cdktf/provider-aws/lib/iam-role: the export whose tfResourceType is the type. */
function resourceClass(type: string): ResourceClass {
  const known = classes.get(type);
  if (known) return known;
  const [provider, ...rest] = type.split("_");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(`@cdktf/provider-${provider}/lib/${rest.join("-")}`) as Record<string, unknown>;
  const found = Object.values(module).find(
    (value) => typeof value === "function" && (value as { tfResourceType?: string }).tfResourceType === type,
  );
  if (!found) throw new Error(`no provider class for ${type}`);
  classes.set(type, found as ResourceClass);
  return found as ResourceClass;
}

/** Terraform's snake_case attribute to the provider classes' camelCase config key. */
const camel = (key: string | number) => (typeof key === "number" ? key : key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));

/** Writes value at path (snake_case keys and list indexes, as in the JSON) into config, creating blocks and lists on the way. */
function setAt(config: Record<string | number, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node = config;
  for (let i = 0; i < path.length - 1; i++) {
    const key = camel(path[i]);
    const list = typeof path[i + 1] === "number";
    if (typeof node[key] !== "object" || node[key] === null || Array.isArray(node[key]) !== list) node[key] = list ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[camel(path[path.length - 1])] = value;
}

/** The string of a slot: one token, a JSON policy with the tokens inside, or text around them. */
function slotValue(slot: ShapeSlot, token: (target: ShapeTarget) => string): string {
  const tokens = slot.targets.map(token);
  if (slot.form === "exact") return tokens[0];
  if (slot.form === "json") {
    return JSON.stringify({
      Version: "2012-10-17",
      Statement: tokens.map((resource, i) => ({
        Sid: `S${i}`,
        Effect: "Allow",
        Action: ["kms:Decrypt", "secretsmanager:GetSecretValue"],
        Resource: [resource],
      })),
    });
  }
  return `${tokens.join(":")}:*`;
}

function buildStack(app: App, name: string, shape: StackShape): void {
  const stack = new TerraformStack(app, name);
  if (shape.providers.includes("aws")) new AwsProvider(stack, "aws", { region: "eu-west-1" });
  if (shape.providers.includes("vault")) new VaultProvider(stack, "vault", { address: "https://vault.bench.example:8200" });
  const variables = new Map<string, TerraformVariable>();
  const built: TerraformResource[] = [];
  const token = (target: ShapeTarget): string => {
    if ("variable" in target) {
      let variable = variables.get(target.variable);
      if (!variable)
        variables.set(target.variable, (variable = new TerraformVariable(stack, target.variable, { type: "string", sensitive: true })));
      return variable.stringValue;
    }
    // What the generated getters do (`key.arn` is getStringAttribute("arn")), for any attribute the shape names.
    return built[target.resource].getStringAttribute(target.attribute);
  };
  const perType = new Map<string, number>();
  for (const at of dependencyOrder(shape.resources)) {
    const resource = shape.resources[at];
    const literal = LITERALS[resource.type];
    if (!literal) throw new Error(`the baseline has no literal config for ${resource.type}: add it to bench/baseline-literals.ts`);
    const i = perType.get(resource.type) ?? 0;
    perType.set(resource.type, i + 1);
    const config = literal(i);
    for (const slot of resource.slots) setAt(config, slot.path, slotValue(slot, token));
    if (resource.dependsOn.length > 0) config.dependsOn = resource.dependsOn.map((need) => built[need]);
    const Resource = resourceClass(resource.type);
    built[at] = new Resource(stack, `${resource.type}-${i}`, config);
  }
  for (const output of shape.outputs) {
    const whole = output.slots.length === 1 && output.slots[0].path.length === 0;
    const value: Record<string | number, unknown> = {};
    if (!whole) for (const slot of output.slots) setAt(value, slot.path, slotValue(slot, token));
    new TerraformOutput(stack, output.name, { value: whole ? slotValue(output.slots[0], token) : value });
  }
}

export function buildBaseline(app: App, shape: Shape): void {
  for (const [name, stack] of Object.entries(shape)) buildStack(app, name, stack);
}

function main(argv: readonly string[]): void {
  const [shapeFile, outdir] = argv;
  if (!shapeFile || !outdir) throw new Error("usage: baseline <shape.json> <outdir>");
  const app = new App({ outdir });
  buildBaseline(app, JSON.parse(readFileSync(shapeFile, "utf8")) as Shape);
  app.synth();
}

if (require.main === module) main(process.argv.slice(2));
