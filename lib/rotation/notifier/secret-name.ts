/**
 * Secret ARNs and the naming contract `<organization>/<environment>/<connector>/<credential>`.
 * Secrets Manager appends `-` and 6 random characters to the name in a secret's ARN.
 */

export interface SecretNameParts {
  readonly organization: string;
  readonly environment: string;
  readonly connector: string;
  readonly credential: string;
}

const SECRET_ARN = /^arn:[a-z0-9-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:(.+)-[A-Za-z0-9]{6}$/;
/** Spec keys: lowercase letters, digits, `-` and `_` (what lib/plan puts in names). */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The secret's name from its full ARN (random suffix removed); undefined when the text is no secret ARN. */
export function secretNameFromArn(arn: string): string | undefined {
  const match = SECRET_ARN.exec(arn);
  return match ? match[1] : undefined;
}

/** The four segments of a name, or undefined when it does not follow the naming contract. */
export function parseSecretName(name: string): SecretNameParts | undefined {
  const segments = name.split("/");
  if (segments.length !== 4 || !segments.every((segment) => SEGMENT.test(segment))) return undefined;
  const [organization, environment, connector, credential] = segments;
  return { organization, environment, connector, credential };
}
