export * from "./types";
export { maskSecret, fingerprint, shannonEntropy } from "./mask";
export { parseAllowlist, type AllowlistEntry, type AllowlistParseResult } from "./allowlist";
export { collectTextFiles, DEFAULT_MAX_FILE_BYTES, SKIPPED_DIRECTORIES, type TextFile } from "./walk";
export { scanTexts, scanPaths, runOwnRules, type ScanOptions, type ScanPathsResult } from "./scan";
export { formatFindingsText, formatFindingsJson } from "./format";
export { ETL_SECRETS_RULES } from "./detectors";
export { SecretlintError } from "./secretlint-runner";
