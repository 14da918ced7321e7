import { describeError, RedactingLogger, type LogSink } from "../redacting-logger";
import { NOTIFIER_ENVIRONMENT, rotationMessage } from "./contract";
import { parseSecretName, secretNameFromArn } from "./secret-name";
import { credentialsFromEnvironment, QuerySnsPublisher, type SnsPublisher } from "./sns-publisher";

/**
 * The EventBridge event the environment's RotationSucceeded rule delivers: Secrets Manager's
 * CloudTrail-based service event (source `aws.secretsmanager`, detail-type `AWS Service Event via
 * CloudTrail`), the secret's ARN at `detail.additionalEventData.SecretId` (lib/policy/aws/detection.ts).
 */
export interface RotationSucceededEvent {
  readonly source?: string;
  readonly "detail-type"?: string;
  readonly time?: string;
  readonly detail?: {
    readonly eventName?: string;
    readonly eventTime?: string;
    readonly additionalEventData?: { readonly SecretId?: string };
  };
}

export interface NotifierConfig {
  readonly topicArn: string;
  readonly organization: string;
  readonly environment: string;
}

export type NotifierResult =
  | { readonly published: true; readonly messageId: string; readonly connector: string; readonly credential: string }
  | { readonly published: false; readonly reason: string };

export interface NotifierDependencies {
  readonly config: NotifierConfig;
  readonly publisher: SnsPublisher;
  /** @default one JSON line per log call on stdout */
  readonly sink?: LogSink;
}

/** Reads the configuration; fails at cold start, naming the variable, when one is missing. */
export function notifierConfigFromEnvironment(environment: NodeJS.ProcessEnv = process.env): NotifierConfig {
  const read = (name: string) => {
    const value = environment[name];
    if (!value) throw new Error(`the rotation notifier needs the environment variable ${name}`);
    return value;
  };
  return {
    topicArn: read(NOTIFIER_ENVIRONMENT.topicArn),
    organization: read(NOTIFIER_ENVIRONMENT.organization),
    environment: read(NOTIFIER_ENVIRONMENT.environment),
  };
}

/**
 * Announces one rotated secret of the function's own environment on the environment's topic, with
 * the connector id read from the secret's name. An event it cannot attribute (no secret ARN, a name
 * off the naming contract, a secret of another organization or environment) is logged as an error
 * and dropped: retrying would not change the answer. A refused or failed Publish throws, so Lambda
 * retries the asynchronous invocation and finally sends it to the dead-letter queue.
 * Logs carry ids only (connector, credential, message id), never the message body.
 */
export function createNotifierHandler(dependencies: NotifierDependencies): (event: RotationSucceededEvent) => Promise<NotifierResult> {
  const { config, publisher } = dependencies;
  return async (event) => {
    const logger = new RedactingLogger(dependencies.sink, { environment: config.environment });
    const refuse = (reason: string, fields: Record<string, string | undefined> = {}): NotifierResult => {
      logger.error(`rotation event refused: ${reason}`, fields);
      return { published: false, reason };
    };
    if (event?.detail?.eventName !== "RotationSucceeded")
      return refuse("not a RotationSucceeded event", { eventName: event?.detail?.eventName });
    const secretArn = event.detail.additionalEventData?.SecretId;
    if (typeof secretArn !== "string") return refuse("the event names no secret (detail.additionalEventData.SecretId)");
    const name = secretNameFromArn(secretArn);
    if (name === undefined) return refuse("the secret id is not a secret ARN", { secretArn });
    const parts = parseSecretName(name);
    if (!parts) return refuse("the secret name does not follow <organization>/<environment>/<connector>/<credential>", { secretArn });
    if (parts.organization !== config.organization || parts.environment !== config.environment) {
      return refuse(`the secret belongs to ${parts.organization}/${parts.environment}, not ${config.organization}/${config.environment}`, {
        secretArn,
      });
    }
    const { message, attributes } = rotationMessage({
      store: "aws",
      organization: parts.organization,
      environment: parts.environment,
      connector: parts.connector,
      credential: parts.credential,
      secretArn,
      time: event.time ?? event.detail.eventTime ?? "",
    });
    let messageId: string;
    try {
      messageId = await publisher.publish({ topicArn: config.topicArn, message: JSON.stringify(message), attributes });
    } catch (error) {
      logger.error("publish failed; the invocation will be retried", {
        connector: parts.connector,
        credential: parts.credential,
        error: describeError(error, logger),
      });
      throw error;
    }
    logger.info("rotation announced", { connector: parts.connector, credential: parts.credential, messageId });
    return { published: true, messageId, connector: parts.connector, credential: parts.credential };
  };
}

/** The Lambda handler with its real configuration and publisher (built at the first invocation). */
export function createNotifierHandlerFromEnvironment(
  environment: NodeJS.ProcessEnv = process.env,
): (event: RotationSucceededEvent) => Promise<NotifierResult> {
  let handler: ((event: RotationSucceededEvent) => Promise<NotifierResult>) | undefined;
  return (event) => {
    if (!handler) {
      const region = environment.AWS_REGION ?? environment.AWS_DEFAULT_REGION;
      if (!region) throw new Error("the rotation notifier needs AWS_REGION");
      handler = createNotifierHandler({
        config: notifierConfigFromEnvironment(environment),
        publisher: new QuerySnsPublisher({
          region,
          endpoint: environment[NOTIFIER_ENVIRONMENT.snsEndpoint] || undefined,
          // Read per call: Lambda refreshes the role's credentials in the environment.
          credentials: () => credentialsFromEnvironment(environment),
        }),
      });
    }
    return handler(event);
  };
}
