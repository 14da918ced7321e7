import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "constructs";
import type { AwsDashboardPlan } from "../../plan/aws-types";
import { dashboardBody } from "../../policy/aws/dashboard";
import { terraformText } from "./terraform-text";
import { constructIds } from "../../plan/construct-ids";

export interface DashboardsProps {
  readonly dashboards: readonly AwsDashboardPlan[];
  readonly environment: string;
  readonly region: string;
  readonly trailLogGroup: string;
  /** `<organization>/<environment>/` */
  readonly secretNamePrefix: string;
}

/**
 * The environment's dashboards: a row per connector (rotation successes and failures, access
 * requests and failed attempts), split into parts so that each stays small. Parts are an
 * environment-wide aggregate: adding a connector may move rows between them, nothing else.
 */
export class Dashboards extends Construct {
  constructor(scope: Construct, id: string, props: DashboardsProps) {
    super(scope, id);
    for (const dashboard of props.dashboards) {
      new CloudwatchDashboard(this, constructIds.dashboardPart(dashboard.part), {
        dashboardName: dashboard.name,
        dashboardBody: terraformText(
          dashboardBody({
            region: props.region,
            environment: props.environment,
            trailLogGroup: props.trailLogGroup,
            secretNamePrefix: props.secretNamePrefix,
            connectorIds: dashboard.connectorIds,
            part: dashboard.part,
            parts: props.dashboards.length,
          }),
        ),
      });
    }
  }
}
