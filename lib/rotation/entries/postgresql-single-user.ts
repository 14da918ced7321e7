import { createRotationHandler } from "../handler";
import { SingleUserStrategy } from "../strategies/single-user";
import { PostgresqlConnector } from "../targets/postgresql";

/** Lambda entry of the postgresql-single-user bundle. */
export const handler = createRotationHandler(
  (config, logger, secretId) => new SingleUserStrategy(config, new PostgresqlConnector(config, logger, secretId)),
);
