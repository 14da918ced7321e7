import { createRotationHandler } from "../handler";
import { AlternatingUsersStrategy } from "../strategies/alternating-users";
import { MysqlConnector } from "../targets/mysql";

/** Lambda entry of the mysql-alternating-users bundle. */
export const handler = createRotationHandler(
  (config, logger, secretId) => new AlternatingUsersStrategy(config, new MysqlConnector(config, logger, secretId)),
);
