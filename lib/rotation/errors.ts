/**
 * Errors the rotation function throws. Throwing makes Secrets Manager retry the rotation, so every
 * message says what went wrong and what fixes it, and none carries a secret value: messages name
 * secrets by ARN, versions by id and users by name only.
 */
export class RotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RotationError";
  }
}

export const rotationErrors = {
  rotationDisabled: (secretArn: string) =>
    new RotationError(`rotation is not enabled on ${secretArn}; enable it (rotation rules and a function) before invoking a step`),
  unknownVersion: (secretArn: string, token: string) =>
    new RotationError(`version ${token} is not a version of ${secretArn}; the rotation was not started by Secrets Manager`),
  notPending: (secretArn: string, token: string) =>
    new RotationError(`version ${token} of ${secretArn} is not staged AWSPENDING; only a rotation in progress can be stepped`),
  noCurrent: (secretArn: string) => new RotationError(`${secretArn} has no AWSCURRENT version to rotate from; seed a value first`),
  missingPendingValue: (secretArn: string, token: string) =>
    new RotationError(`version ${token} of ${secretArn} has no value yet; createSecret must run before this step`),
  malformedSecret: (secretArn: string, stage: string, problem: string) =>
    new RotationError(`the ${stage} value of ${secretArn} is not usable: ${problem}`),
  identityChanged: (secretArn: string, field: string) =>
    new RotationError(
      `the pending value of ${secretArn} points at a different ${field} than the current one; refusing to act on another target (confused deputy)`,
    ),
  noWorkingCredential: (secretArn: string, username: string) =>
    new RotationError(
      `none of the pending, current or previous values of ${secretArn} logs in as ${username}; the database password was changed outside rotation: put a working value as AWSCURRENT`,
    ),
  masterLoginFailed: (masterArn: string) =>
    new RotationError(`the master secret ${masterArn} does not log in; fix it before rotating the users it manages`),
  pendingLoginFailed: (secretArn: string, username: string) =>
    new RotationError(`the pending value of ${secretArn} does not log in as ${username}; setSecret has not taken effect`),
  plaintextRefused: (secretArn: string) =>
    new RotationError(
      `${secretArn} asks for sslmode "disable" but ALLOW_PLAINTEXT_DATABASE is not "true"; use TLS, or allow plaintext explicitly in a non-production environment`,
    ),
  tlsNotInUse: (host: string) => new RotationError(`the connection to ${host} is not encrypted although TLS was required`),
  invalidConfiguration: (variable: string, problem: string) => new RotationError(`environment variable ${variable}: ${problem}`),
  keyBroker: (operation: string, status: number | string) =>
    new RotationError(`the key broker refused "${operation}" (${status}); the step will be retried`),
} as const;
