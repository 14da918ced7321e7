import { createNotifierHandlerFromEnvironment } from "./handler";

/** Lambda entry of the rotation notifier bundle. */
export const handler = createNotifierHandlerFromEnvironment();
