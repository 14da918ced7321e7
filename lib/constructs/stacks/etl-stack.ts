import { join } from "node:path";
import { TerraformStack, type IStackSynthesizer, type ISynthesisSession } from "cdktf";
import type { Construct } from "constructs";
import { terraformEscaped } from "../inert-text";
import { WRITES_INTENT_ITSELF, writtenIntent } from "../intent-metadata";
import { prepareTokens, stackElements } from "./prepare-tokens";
import { stackJson } from "./stack-json";
import { writeStableJson } from "./stable-json";

/**
 * The oldest Terraform and OpenTofu the stacks apply with: write-only arguments and ephemeral
 * variables (the database bootstrap password) need 1.11 in both; `removed` blocks with
 * `lifecycle { destroy = false }` are older.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.11.0";

/**
 * A stack whose Terraform JSON can be taken once for the checks and then written as is: cdktf
 * validates before it writes, and resolving a large stack twice would double the synth time.
 * Its JSON is where inert spec text (../inert-text.ts) becomes Terraform's `$${` / `%%{` escapes.
 */
export class EtlStack extends TerraformStack {
  private frozen?: Record<string, unknown>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
    this.synthesizer = new StackWriter(this, this.synthesizer);
  }

  /**
   * cdktf's prepare pass (a backend, and every token resolved once in preparing mode, so that a
   * reference into another stack registers its output and remote state), without handing plain
   * data to the resolver: see ./prepare-tokens.ts. Same effects, a fraction of the time.
   */
  override prepareStack(): void {
    this.ensureBackendExists();
    for (const element of stackElements(this)) prepareTokens(this, element.toTerraform());
  }

  /** The stack writes its intent fragment itself, after cdktf resolved the rest (intent-metadata.ts). */
  readonly [WRITES_INTENT_ITSELF] = true;

  /** The stack's final Terraform JSON; after this call the stack must not change. */
  synthesizedJson(): Record<string, unknown> {
    this.frozen ??= this.render();
    return this.frozen!;
  }

  /**
   * cdktf's JSON (./stack-json.ts: without resolving it all a second time) with inert text escaped, and the intent fragment, which cdktf need not resolve
   * (plain data, already escaped), set in `"//"` where its element would have merged it.
   */
  private render(): Record<string, unknown> {
    const json = terraformEscaped(stackJson(this));
    const intent = writtenIntent(this);
    if (intent) ((json["//"] ??= {}) as Record<string, unknown>)[intent.key] = intent.fragment;
    return json;
  }

  /**
   * Terraform `removed` blocks (`lifecycle { destroy = false }`): state forgets these addresses and
   * the objects stay. Added to the final JSON, once the addresses the stack still has are known
   * (see LedgerSession).
   */
  forget(addresses: readonly string[]): void {
    const json = this.synthesizedJson();
    if (addresses.length === 0) delete json.removed;
    else json.removed = addresses.map((from) => ({ from, lifecycle: { destroy: false } }));
  }

  /** `<type>.<name>` of every resource in the final JSON. */
  resourceAddresses(): Set<string> {
    const resources = (this.synthesizedJson().resource ?? {}) as Record<string, Record<string, unknown>>;
    return new Set(Object.entries(resources).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)));
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of cdktf's TerraformStack.toTerraform, which this overrides
  override toTerraform(): any {
    if (writing.has(this)) return {};
    return this.frozen ?? this.render();
  }
}

/** Stacks whose cdktf synthesizer is running: their JSON is written by StackWriter, not by it. */
const writing = new WeakSet<EtlStack>();

/**
 * cdktf's synthesizer of a stack, but for the writing of `cdk.tf.json`: the same bytes, written in
 * pieces by ./stable-json.ts instead of one text built by json-stable-stringify (whose garbage grew
 * the heap of a large synth by about five times the stack's size with every stack written). Output
 * as HCL (SYNTH_HCL_OUTPUT) is left to cdktf.
 */
class StackWriter implements IStackSynthesizer {
  constructor(
    private readonly stack: EtlStack,
    private readonly cdktf: IStackSynthesizer,
  ) {}

  synthesize(session: ISynthesisSession): void {
    if (session.manifest.hclOutput) {
      this.cdktf.synthesize(session);
      return;
    }
    // cdktf's synthesis of the stack (aspects, validations, assets, annotations), writing `{}`...
    writing.add(this.stack);
    try {
      this.cdktf.synthesize(session);
    } finally {
      writing.delete(this.stack);
    }
    // ...then the stack's JSON, over it.
    writeStableJson(join(session.outdir, session.manifest.forStack(this.stack).synthesizedStackPath), this.stack.toTerraform());
  }
}
