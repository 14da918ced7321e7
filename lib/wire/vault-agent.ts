import type { ConsumerWiring, CredentialWiring, VaultWiring } from "./model";

/*
 * Vault Agent (and OpenBao's `bao agent`): the templates that render a consumer's credentials into
 * files at run time, and an agent configuration that logs in as the consumer. Templates name paths
 * only; the values exist in the rendered files of the running job, nowhere else. The Kubernetes
 * injector renders the same templates (kubernetes.ts).
 */

/** One credential's template: the file name, the Vault path it reads, and the template text. */
export interface AgentTemplate {
  readonly credentialId: string;
  /** File name under the agent's destination directory: `<connector>-<credential>` (ids never hold `/`). */
  readonly fileName: string;
  readonly path: string;
  readonly contents: string;
}

/** Why a credential has no agent template (it cannot be read by a template), or undefined. */
export function notTemplatable(credential: CredentialWiring): string | undefined {
  const source = credential.vault?.source;
  if (!source) return "it is not stored in Vault";
  if (source === "ssh-signed")
    return "Vault's SSH engine signs a public key the job holds: sign it with `vault write <ssh mount>/sign/<role> public_key=@key.pub` at run time";
  if (source === "none") return "there is nothing to read in Vault (an IAM role the job assumes)";
  if (!credential.vault?.path) return "the plan names no Vault path for it";
  return undefined;
}

/**
 * The template of one Vault credential. Dynamic and static database roles give `username=` and
 * `password=` lines (one lease per rendering: both from the same `secret` call); values in KV
 * render as the record's JSON; PKI renders certificate, key and issuing CA; cloud engines their
 * keys.
 */
export function agentTemplate(credential: CredentialWiring): AgentTemplate | undefined {
  if (notTemplatable(credential)) return undefined;
  const path = credential.vault!.path!;
  const fileName = `${credential.connectorId}-${credential.name}`;
  let args = "";
  const lines = (...body: string[]) => [`{{ with secret "${path}"${args} -}}`, ...body, "{{ end -}}", ""].join("\n");
  let contents: string;
  switch (credential.vault!.source) {
    case "database-dynamic":
    case "database-static":
      contents = lines("username={{ .Data.username }}", "password={{ .Data.password }}");
      break;
    case "pki":
      args = credential.vault!.commonName ? ` "common_name=${credential.vault!.commonName}"` : "";
      contents = lines("{{ .Data.certificate }}", "{{ .Data.private_key }}", "{{ .Data.issuing_ca }}");
      break;
    case "aws-dynamic":
      contents = lines(
        "aws_access_key_id={{ .Data.access_key }}",
        "aws_secret_access_key={{ .Data.secret_key }}",
        "{{- if .Data.security_token }}",
        "aws_session_token={{ .Data.security_token }}",
        "{{- end }}",
      );
      break;
    case "gcp-dynamic":
      contents = lines("{{ .Data.private_key_data | base64Decode }}");
      break;
    default:
      contents = lines("{{ .Data.data | toJSON }}");
      break;
  }
  return { credentialId: credential.id, fileName, path, contents };
}

/** Where the agent reads what is delivered at run time, and writes what it renders. */
export interface AgentFiles {
  /** AppRole: file holding the role id. @default "/etc/vault-agent/role-id" */
  readonly roleIdFile?: string;
  /** AppRole: file holding the secret id (delivered at run time, removed after reading). @default "/etc/vault-agent/secret-id" */
  readonly secretIdFile?: string;
  /** JWT: file holding the job's identity token. @default "/etc/vault-agent/jwt" */
  readonly jwtFile?: string;
  /** Directory the templates render into. @default "/vault/secrets" */
  readonly destinationDir?: string;
  /** Render once and exit (a batch job) instead of renewing and re-rendering. @default true */
  readonly exitAfterAuth?: boolean;
  /** Override the cluster address (a test engine). @default the plan's address */
  readonly address?: string;
  /** Retries of a failed request before a template gives up. @default the agent's own (12) */
  readonly retries?: number;
}

const hcl = (text: string) => JSON.stringify(text);

/**
 * A complete agent configuration (HCL) for one consumer: auto-auth with its own method, role and
 * mount, and one template per credential it can render. No value appears: the secret id and JWT
 * are files the job's launcher fills at run time.
 */
export function vaultAgentConfig(
  wiring: ConsumerWiring,
  files: AgentFiles = {},
  templates: readonly AgentTemplate[] = agentTemplates(wiring),
): string {
  const vault = wiring.vault;
  if (!vault) throw new Error(`consumer ${wiring.consumer} reads nothing from Vault in ${wiring.environment}`);
  const destination = files.destinationDir ?? "/vault/secrets";
  const out: string[] = [];
  out.push(`# Vault Agent for consumer ${wiring.consumer} in ${wiring.environment}: logs in as the consumer, renders its credentials.`);
  out.push(`exit_after_auth = ${files.exitAfterAuth ?? true}`, "");
  const retry = files.retries === undefined ? [] : ["  retry {", `    num_retries = ${files.retries}`, "  }"];
  out.push("vault {", `  address = ${hcl(files.address ?? vault.address)}`, ...retry, "}", "");
  out.push("auto_auth {", ...autoAuthMethod(vault, files).map((l) => `  ${l}`), "}", "");
  out.push("template_config {", "  exit_on_retry_failure = true", "}");
  for (const template of templates) {
    out.push(
      "",
      "template {",
      `  destination = ${hcl(`${destination}/${template.fileName}`)}`,
      `  perms       = "0600"`,
      "  contents    = <<-EOT",
      ...template.contents
        .replace(/\n$/, "")
        .split("\n")
        .map((l) => `  ${l}`),
      "  EOT",
      "}",
    );
  }
  return `${out.join("\n")}\n`;
}

/** Templates of every credential of the consumer that a template can render, by credential id. */
export function agentTemplates(wiring: ConsumerWiring): AgentTemplate[] {
  return wiring.credentials.map((c) => agentTemplate(c)).filter((t): t is AgentTemplate => t !== undefined);
}

function autoAuthMethod(vault: VaultWiring, files: AgentFiles): string[] {
  const login = vault.login;
  const namespace = vault.namespace ? [`  namespace  = ${hcl(vault.namespace)}`] : [];
  const head = (type: string) => [`method ${hcl(type)} {`, `  mount_path = ${hcl(`auth/${login.mount}`)}`, ...namespace, "  config = {"];
  switch (login.method) {
    case "approle":
      return [
        ...head("approle"),
        `    role_id_file_path                   = ${hcl(files.roleIdFile ?? "/etc/vault-agent/role-id")}`,
        `    secret_id_file_path                 = ${hcl(files.secretIdFile ?? "/etc/vault-agent/secret-id")}`,
        "    remove_secret_id_file_after_reading = true",
        "  }",
        "}",
      ];
    case "kubernetes":
      return [...head("kubernetes"), `    role = ${hcl(login.role)}`, "  }", "}"];
    case "jwt":
      return [
        ...head("jwt"),
        `    role = ${hcl(login.role)}`,
        `    path = ${hcl(files.jwtFile ?? "/etc/vault-agent/jwt")}`,
        "    remove_jwt_after_reading = false",
        "  }",
        "}",
      ];
    case "aws-iam":
      return [...head("aws"), `    type = "iam"`, `    role = ${hcl(login.role)}`, "  }", "}"];
  }
}
