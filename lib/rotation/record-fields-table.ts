import { NO_RECORD, RECORD_KINDS, RECORD_KIND_DEFINITIONS, toolFieldNames } from "./record-fields";

/**
 * The README's "Record fields" table, rendered from record-fields.ts (test/rotation/record-fields-table.test.ts
 * checks that the README holds exactly this). Not bundled: documentation only.
 */
export function renderRecordFieldsTable(): string {
  const code = (names: readonly string[]) => names.map((name) => (name.includes(" ") ? name : `\`${name}\``)).join(", ");
  const rows = RECORD_KINDS.map((kind) => {
    const definition = RECORD_KIND_DEFINITIONS[kind];
    const contract = definition.contractFields ? code(definition.contractFields) : "the inventory's `fields`";
    return `| ${kind} | ${definition.holders} | ${contract} | ${code(toolFieldNames(kind, "vault"))} | ${code(toolFieldNames(kind, "aws"))} | ${definition.reads} |`;
  });
  const none = NO_RECORD.map(({ holders, how }) => `| - | ${holders} | no stored record | - | - | ${how} |`);
  return [
    "| record | credentials | rotation contract (`*` required) | Vault adds | Secrets Manager adds | the connection Airflow reads |",
    "|---|---|---|---|---|---|",
    ...rows,
    ...none,
  ].join("\n");
}
