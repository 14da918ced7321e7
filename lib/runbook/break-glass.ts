import { vaultObjectNames } from "../plan/names";
import type { EnvironmentPlan } from "../plan/types";
import { vaultCredentials } from "../policy/vault/credential-paths";
import { TIER_CLASSES } from "../inventory/class-defaults";
import { vaultEnv } from "./steps";

const code = (text: string) => `\`${text}\``;

/** Whether synth gives the environment people's access (HumanAccess): production Vault environments with credentials. */
export function hasHumanAccess(env: EnvironmentPlan): boolean {
  return env.production && env.vault !== undefined && vaultCredentials(env).length > 0;
}

/**
 * The break-glass MFA procedure of one production Vault environment, in Markdown lines: who is
 * challenged, how a holder is enrolled, how to log in, what to do when the device is lost, and
 * what the audit log shows. Pure text from the plan (same names as synth); empty where synth
 * creates no people's access.
 */
export function breakGlassMfaProcedure(env: EnvironmentPlan): string[] {
  if (!hasHumanAccess(env)) return [];
  const prefix = vaultEnv(env);
  const breakGlass = vaultObjectNames.breakGlassGroup(env.name);
  const operators = vaultObjectNames.operatorGroup(env.name);
  const enforcements = [
    vaultObjectNames.breakGlassMfaEnforcement(env.name),
    ...(TIER_CLASSES[env.tier].operatorLoginMfa ? [vaultObjectNames.operatorsMfaEnforcement(env.name)] : []),
  ];
  const challenged = TIER_CLASSES[env.tier].operatorLoginMfa
    ? `members of ${code(breakGlass)} and ${code(operators)}`
    : `members of ${code(breakGlass)}`;
  const methods = env.humanLoginMethods ? `, and every login through ${env.humanLoginMethods.map(code).join(", ")}` : "";
  return [
    `### ${env.name}`,
    "",
    `Vault commands run with ${code(prefix)}. Login MFA (TOTP, SHA256, 6 digits, 30 s; enforcements ${enforcements.map(code).join(", ")}) challenges ${challenged}${methods}. ` +
      "Rotation functions, consumers (AppRole, Kubernetes, JWT) and Terraform's token are never challenged.",
    "",
    `- [ ] **Enrol** each holder before it is needed, two people: an admin who is not the holder finds the TOTP method (${code(`${prefix} vault list identity/mfa/method/totp`)}) and the holder's entity (${code(`${prefix} vault read -field=id identity/entity/name/<holder>`)}), ` +
      `generates the secret (${code(`${prefix} vault write -field=url identity/mfa/method/totp/admin-generate method_id=<method_id> entity_id=<entity_id>`)}) and hands the otpauth URL or its QR code to the holder alone, in person or over an end-to-end encrypted channel; never in a ticket or chat.`,
    `- [ ] **Log in** with the human method as usual; the CLI asks for the current code, or pass it: ${code(`${prefix} vault login -method=<method> -mfa "<method_id>:<code>" ...`)}.`,
    `- [ ] **Device lost or replaced**: the holder reports it at once; an admin (not the holder) deletes the secret (${code(`${prefix} vault write identity/mfa/method/totp/admin-destroy method_id=<method_id> entity_id=<entity_id>`)}), ` +
      "a second person confirms the holder's identity out of band, then the admin enrols again as above. Both names go in the incident record.",
    `- [ ] **Audit signal**: each login shows a request on ${code("auth/<mount>/login")} answered with an MFA requirement, then ${code("sys/mfa/validate")}; ` +
      `every ${code("identity/mfa/method/totp/admin-generate")} or ${code("admin-destroy")} is a person's action: review each one against this procedure.`,
  ];
}
