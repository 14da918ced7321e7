import { createRotationHandler } from "../handler";
import { AlternatingUsersStrategy } from "../strategies/alternating-users";
import { PostgresqlConnector } from "../targets/postgresql";

/** Lambda entry of the postgresql-alternating-users bundle. */
export const handler = createRotationHandler(
  (config, logger, secretId) => new AlternatingUsersStrategy(config, new PostgresqlConnector(config, logger, secretId)),
);
