import type { CheckRule } from "../types";
import { noSecretLiteral } from "./no-secret-literal";

/** Every rule, in id order. Add a rule by adding its file and one line here. */
export const ALL_RULES: readonly CheckRule[] = [noSecretLiteral].sort((a, b) => (a.id < b.id ? -1 : 1));
