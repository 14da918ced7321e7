import { Mount } from "@cdktf/provider-vault/lib/mount";
import { Construct } from "constructs";

export interface SecretsMountProps {
  /** Mount path, from the plan (`kv`, `etl/test/database`...). */
  readonly path: string;
  /** Engine type: `kv`, `database`, `pki`, `ssh`. */
  readonly type: string;
  readonly description: string;
  /** Engine options (`version: 2` for KV). @default none */
  readonly options?: Readonly<Record<string, string>>;
  /** Longest lease the mount hands out (seconds). @default the server's */
  readonly maxLeaseTtlSeconds?: number;
  /** Default lease (seconds). @default the server's */
  readonly defaultLeaseTtlSeconds?: number;
  /** Production mounts carry `prevent_destroy`. @default false */
  readonly preventDestroy?: boolean;
}

/** A secrets engine mount of one environment; one place for the settings every mount shares. */
export class SecretsMount extends Construct {
  readonly mount: Mount;
  readonly path: string;

  constructor(scope: Construct, id: string, props: SecretsMountProps) {
    super(scope, id);
    this.path = props.path;
    this.mount = new Mount(this, "mount", {
      path: props.path,
      type: props.type,
      description: props.description,
      options: props.options ? { ...props.options } : undefined,
      maxLeaseTtlSeconds: props.maxLeaseTtlSeconds,
      defaultLeaseTtlSeconds: props.defaultLeaseTtlSeconds,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
  }
}
