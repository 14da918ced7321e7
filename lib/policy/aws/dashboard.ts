/*
 * Dashboard bodies: one row per connector (rotation successes and failures, access requests and
 * failed access attempts), from Logs Insights over the account trail's log group, so no metric
 * filter is needed per connector.
 */

export interface DashboardInput {
  readonly region: string;
  readonly environment: string;
  readonly trailLogGroup: string;
  /** `<organization>/<environment>/` */
  readonly secretNamePrefix: string;
  /** Sorted. */
  readonly connectorIds: readonly string[];
  readonly part: number;
  readonly parts: number;
}

const WIDTH = 24;
const HEIGHT = 6;

export function connectorQuery(trailLogGroup: string, secretNamePrefix: string, connectorId: string): string {
  const name = `${secretNamePrefix}${connectorId}/`;
  return [
    `SOURCE '${trailLogGroup}'`,
    `| filter eventSource = "secretsmanager.amazonaws.com" and (requestParameters.secretId like "${name}" or additionalEventData.SecretId like "${name}")`,
    `| stats sum(eventName = "RotationSucceeded") as rotationSucceeded, sum(eventName = "RotationFailed" or eventName = "RotationAbandoned") as rotationFailed, sum(eventName = "GetSecretValue") as accessRequests, sum(eventName = "GetSecretValue" and ispresent(errorCode)) as accessFailed by bin(1h)`,
  ].join(" ");
}

export function dashboardBody(input: DashboardInput): string {
  const header = {
    type: "text",
    x: 0,
    y: 0,
    width: WIDTH,
    height: 2,
    properties: {
      markdown: `# Secrets of ${input.environment} (${input.part + 1}/${input.parts})\nPer connector: rotation successes and failures, secret access requests and failed access attempts, from the account trail.`,
    },
  };
  const rows = input.connectorIds.map((connectorId, index) => ({
    type: "log",
    x: 0,
    y: 2 + index * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: {
      title: connectorId,
      region: input.region,
      view: "timeSeries",
      stacked: false,
      query: connectorQuery(input.trailLogGroup, input.secretNamePrefix, connectorId),
    },
  }));
  return JSON.stringify({ widgets: [header, ...rows] });
}
