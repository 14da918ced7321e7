import { callAwsQuery, xmlValues, type AwsQueryEndpoint } from "../../rotation/aws-query-client";
import type { AwsCredentials } from "../../rotation/aws-sigv4";
import type { Observations, StoreItem } from "../types";

/*
 * The IAM roles under the environment's path (`/<org>/<env>/`), through the SigV4 Query client the
 * rotation functions use (no new dependency): ListRoles with PathPrefix, every page.
 */

export interface IamAuditTarget {
  readonly pathPrefix: string;
  readonly credentials: AwsCredentials;
  /** @default https://iam.amazonaws.com/ (tests: moto) */
  readonly url?: string;
  readonly timeoutMs?: number;
}

export async function readIamRoleObservations(target: IamAuditTarget): Promise<Observations> {
  const endpoint: AwsQueryEndpoint = {
    url: target.url ?? "https://iam.amazonaws.com/",
    service: "iam",
    region: "us-east-1",
    version: "2010-05-08",
  };
  const items: StoreItem[] = [];
  let marker: string | undefined;
  try {
    do {
      const xml = await callAwsQuery(
        endpoint,
        "ListRoles",
        { PathPrefix: target.pathPrefix, MaxItems: "1000", ...(marker ? { Marker: marker } : {}) },
        target.credentials,
        target.timeoutMs ?? 10_000,
      );
      const members = xml.split("<member>").slice(1);
      for (const member of members) {
        const name = xmlValues(member, "RoleName")[0];
        const path = xmlValues(member, "Path")[0];
        if (!name || !path?.startsWith(target.pathPrefix)) continue;
        const created = xmlValues(member, "CreateDate")[0];
        items.push({ store: "iam-role", location: name, ...(created && { created }) });
      }
      marker = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? xmlValues(xml, "Marker")[0] : undefined;
    } while (marker);
  } catch (error) {
    return {
      items: [],
      accesses: [],
      coverage: [],
      unreadable: [{ location: target.pathPrefix, why: `ListRoles refused (${(error as Error).message})` }],
    };
  }
  return { items, accesses: [], coverage: [], unreadable: [] };
}
