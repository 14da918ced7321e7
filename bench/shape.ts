/*
 * The reference graph of a synthesized stack, without its literal values: per resource its type, the
 * Terraform references it holds (which resource and attribute, or which variable, and where in its
 * body), and its depends_on; per output the references of its value. The fair baseline
 * (bench/baseline.ts) rebuilds the same graph with plain cdktf, and the bench compares the summary
 * of both outputs. Pure: reads parsed cdk.tf.json, never the library.
 */

/** What one `${...}` points at: a resource of the same stack (by its index in the shape) or a variable. */
export type ShapeTarget = { readonly resource: number; readonly attribute: string } | { readonly variable: string };

/** One string in a resource body (or an output's value) that holds references. */
export interface ShapeSlot {
  /** From the resource body: `["policy"]`, `["token_policies", 0]`, `["dead_letter_config", "target_arn"]`; `[]` for an output's value. */
  readonly path: readonly (string | number)[];
  /** `exact`: the string is one reference; `json`: a JSON document with references inside (a policy); `text`: any other string with references inside. */
  readonly form: "exact" | "json" | "text";
  /** Every reference of the string, in order, repeats included. */
  readonly targets: readonly ShapeTarget[];
}

export interface ShapeResource {
  readonly type: string;
  readonly slots: readonly ShapeSlot[];
  /** Indexes of the resources named in depends_on. */
  readonly dependsOn: readonly number[];
}

export interface ShapeOutput {
  readonly name: string;
  /** Path `[]`: the value is the string; otherwise strings inside a list or object value. */
  readonly slots: readonly ShapeSlot[];
}

export interface StackShape {
  /** Provider names configured in the stack (`aws`, `vault`). */
  readonly providers: readonly string[];
  /** In the order of the file: by type, then by name. */
  readonly resources: readonly ShapeResource[];
  readonly outputs: readonly ShapeOutput[];
}

/** Stack name to its shape. */
export type Shape = Readonly<Record<string, StackShape>>;

/** What the baseline must match, per stack. */
export interface ShapeSummary {
  readonly resources: number;
  readonly byType: Readonly<Record<string, number>>;
  /** `${...}` references, in resources and outputs. */
  readonly references: number;
  readonly dependsOn: number;
}

/** `$$` is Terraform's escape (`$${aws:PrincipalTag/x}` is an IAM variable, not a reference). */
const INTERPOLATION = /\$\$|\$\{([^}]*)\}/g;
const RESOURCE_REFERENCE = /^([a-z][a-z0-9_]*)\.([^.\s]+)\.(\S+)$/;
const VARIABLE_REFERENCE = /^var\.([A-Za-z0-9_-]+)$/;

/** The expressions of the `${...}` in a string, escapes left out. */
export function interpolations(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(INTERPOLATION)) if (match[1] !== undefined) found.push(match[1]);
  return found;
}

interface StackJson {
  readonly provider?: Readonly<Record<string, unknown>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly output?: Readonly<Record<string, { readonly value?: unknown }>>;
}

/** The shape of one parsed cdk.tf.json; throws on a reference the baseline could not mirror. */
export function stackShape(json: unknown): StackShape {
  const stack = json as StackJson;
  const index = new Map<string, number>();
  const bodies: [string, Readonly<Record<string, unknown>>][] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      index.set(`${type}.${name}`, bodies.length);
      bodies.push([type, body]);
    }
  }
  const target = (expression: string): ShapeTarget => {
    const variable = VARIABLE_REFERENCE.exec(expression);
    if (variable) return { variable: variable[1] };
    const resource = RESOURCE_REFERENCE.exec(expression);
    const at = resource ? index.get(`${resource[1]}.${resource[2]}`) : undefined;
    if (!resource || at === undefined)
      throw new Error(`a reference the baseline cannot mirror: \${${expression}} (only resources of the same stack and variables)`);
    return { resource: at, attribute: resource[3] };
  };
  const slotsOf = (value: unknown, path: (string | number)[], slots: ShapeSlot[]): ShapeSlot[] => {
    if (typeof value === "string") {
      const expressions = interpolations(value);
      if (expressions.length > 0) slots.push({ path, form: formOf(value, expressions), targets: expressions.map(target) });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => slotsOf(item, [...path, i], slots));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) slotsOf(item, [...path, key], slots);
    }
    return slots;
  };
  const resources = bodies.map(([type, body]): ShapeResource => {
    const slots: ShapeSlot[] = [];
    for (const [attribute, value] of Object.entries(body)) {
      if (attribute !== "//" && attribute !== "depends_on") slotsOf(value, [attribute], slots);
    }
    const dependsOn = ((body.depends_on as readonly string[] | undefined) ?? []).map((address) => {
      const at = index.get(address);
      if (at === undefined) throw new Error(`depends_on names ${address}, not a resource of the stack`);
      return at;
    });
    return { type, slots, dependsOn };
  });
  const outputs = Object.entries(stack.output ?? {}).flatMap(([name, output]) => {
    const slots = slotsOf(output.value, [], []);
    return slots.length > 0 ? [{ name, slots }] : [];
  });
  return { providers: Object.keys(stack.provider ?? {}).sort(), resources, outputs };
}

function formOf(value: string, expressions: readonly string[]): ShapeSlot["form"] {
  if (expressions.length === 1 && value === `\${${expressions[0]}}`) return "exact";
  const trimmed = value.trimStart();
  return trimmed.startsWith("{") || trimmed.startsWith("[") ? "json" : "text";
}

export function summarizeShape(shape: StackShape): ShapeSummary {
  const byType: Record<string, number> = {};
  let references = 0;
  let dependsOn = 0;
  for (const resource of shape.resources) {
    byType[resource.type] = (byType[resource.type] ?? 0) + 1;
    for (const slot of resource.slots) references += slot.targets.length;
    dependsOn += resource.dependsOn.length;
  }
  for (const output of shape.outputs) for (const slot of output.slots) references += slot.targets.length;
  const sorted = Object.fromEntries(Object.entries(byType).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { resources: shape.resources.length, byType: sorted, references, dependsOn };
}

/** Differences between two outputs' summaries, as sentences; empty when they match. */
export function compareSummaries(
  expected: Readonly<Record<string, ShapeSummary>>,
  actual: Readonly<Record<string, ShapeSummary>>,
): string[] {
  const problems: string[] = [];
  for (const stack of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const want = expected[stack];
    const got = actual[stack];
    if (!want || !got) {
      problems.push(`stack ${stack}: ${want ? "missing from the baseline" : "not in the library's output"}`);
      continue;
    }
    for (const type of new Set([...Object.keys(want.byType), ...Object.keys(got.byType)])) {
      if ((want.byType[type] ?? 0) !== (got.byType[type] ?? 0))
        problems.push(`stack ${stack}: ${type}: ${got.byType[type] ?? 0} resource(s), the library ${want.byType[type] ?? 0}`);
    }
    if (want.references !== got.references) problems.push(`stack ${stack}: ${got.references} reference(s), the library ${want.references}`);
    if (want.dependsOn !== got.dependsOn)
      problems.push(`stack ${stack}: ${got.dependsOn} depends_on entries, the library ${want.dependsOn}`);
  }
  return problems;
}

/**
 * Resource indexes in an order where every resource comes after what it references or depends on:
 * depth first from the lowest index, so the order is the same every time. Linear in resources and edges.
 */
export function dependencyOrder(resources: readonly ShapeResource[]): number[] {
  const state = new Uint8Array(resources.length); // 0 new, 1 on the current path, 2 placed
  const order: number[] = [];
  const visit = (i: number, from: number | undefined): void => {
    if (state[i] === 2) return;
    if (state[i] === 1)
      throw new Error(
        `the references form a cycle through resource ${i} (${resources[i].type})${from === undefined ? "" : `, reached from ${from}`}`,
      );
    state[i] = 1;
    const resource = resources[i];
    for (const slot of resource.slots) for (const target of slot.targets) if ("resource" in target) visit(target.resource, i);
    for (const need of resource.dependsOn) visit(need, i);
    state[i] = 2;
    order.push(i);
  };
  for (let i = 0; i < resources.length; i++) visit(i, undefined);
  return order;
}
