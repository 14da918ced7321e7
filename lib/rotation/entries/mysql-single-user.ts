import { createRotationHandler } from "../handler";
import { SingleUserStrategy } from "../strategies/single-user";
import { MysqlConnector } from "../targets/mysql";

/** Lambda entry of the mysql-single-user bundle. */
export const handler = createRotationHandler(
  (config, logger, secretId) => new SingleUserStrategy(config, new MysqlConnector(config, logger, secretId)),
);
