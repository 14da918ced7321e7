import type { PolicyDocument } from "../../policy/aws/policy-document";
import { policyText } from "../../policy/aws/policy-document";

/**
 * The library's OWN literal text for a Terraform string: `${...}` that is not a cdktf token (IAM
 * policy variables such as `${aws:PrincipalTag/environment}`) is escaped as `$${...}`, so Terraform
 * passes it through literally; tokens stay, and become interpolated references. Spec text inside
 * never reaches this function with a `${` of its own: it arrives inert from the stack's plan
 * boundary (../inert-text.ts), so nothing is escaped twice.
 */
export function terraformText(text: string): string {
  return text.replace(/\$\{(?!TfToken\[)/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** A policy document as literal JSON text with references interpolated. */
export function policyJson(document: PolicyDocument): string {
  return terraformText(policyText(document));
}
