import { iamEndpointFor, stsEndpointFor } from "../aws-query-client";
import { createRotationHandler } from "../handler";
import { environmentCredentials, IamAccessKeyClient } from "../iam-access-key-client";
import { IamAccessKeyStrategy } from "../strategies/iam-access-key";

/** Lambda entry of the aws-iam-access-key bundle. */
export const handler = createRotationHandler(
  (config) =>
    new IamAccessKeyStrategy(
      new IamAccessKeyClient({
        iam: iamEndpointFor(config.region ?? "us-east-1", config.iamEndpoint),
        sts: stsEndpointFor(config.region ?? "us-east-1", config.stsEndpoint),
        credentials: () => environmentCredentials(),
        timeoutMs: config.connectTimeoutMs,
      }),
    ),
);
