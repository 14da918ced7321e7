import { readFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";

/*
 * Start-up of the CLI: zod's core module requires its 63 locale modules (its error messages in
 * every language) when it loads, and that is about 30 ms of the 0.5 s `validate` may take at
 * 1,000 connectors. The CLI never sets a locale (zod's own default, English, is required by zod
 * directly, and spec issues carry the library's own messages), so the locales index is given, in
 * the module cache, an exports object whose members load their locale on first read: the same
 * names, the same functions, the same frozen object, only later.
 *
 * This reads zod's package layout, so it applies only to the version it was written and tested
 * against (test/cli/zod-locales-on-demand.test.ts compares it with the real index) and only when
 * the index has exactly the shape expected; anything else leaves zod to load as it always does.
 * Library users who import the package are never affected: only the CLI entry calls it.
 */

/** The zod version whose locales index this reads (package-lock.json pins it). */
export const ZOD_VERSION = "4.6.7";

/** `var ar_js_1 = require("./ar.cjs");` followed by the export of its default as `ar`. */
const PAIR =
  /var (\w+) = require\("\.\/([a-zA-Z-]+\.cjs)"\);\s*Object\.defineProperty\(exports, "(\w+)", \{ enumerable: true, get: function \(\) \{ return __importDefault\(\1\)\.default; \} \}\);/g;

/**
 * Installs the on-demand locales index before zod is first loaded; true when installed. Never
 * throws: a zod it does not recognize (version, path, shape) is left alone.
 */
export function loadZodLocalesOnDemand(): boolean {
  try {
    const root = dirname(require.resolve("zod/package.json"));
    const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown }).version;
    if (version !== ZOD_VERSION) return false;
    const directory = join(root, "v4", "locales");
    const index = join(directory, "index.cjs");
    if (require.cache[index]) return false;
    const text = readFileSync(index, "utf8");
    const locales = new Map<string, string>();
    for (const [, , file, name] of text.matchAll(PAIR)) locales.set(name, join(directory, file));
    // Every locale the index requires, and nothing else it does, or the index is not the expected one.
    const requires = text.match(/require\(/g)?.length ?? 0;
    if (locales.size === 0 || locales.size !== requires) return false;

    const lazy: Record<string, unknown> = {};
    Object.defineProperty(lazy, "__esModule", { value: true });
    for (const [name, file] of locales) {
      Object.defineProperty(lazy, name, {
        enumerable: true,
        configurable: false,
        // As the index's own `__importDefault(...).default`: a locale module's exports are its function.
        get: () => {
          const loaded = require(file) as { __esModule?: boolean; default?: unknown };
          return loaded && loaded.__esModule ? loaded.default : loaded;
        },
      });
    }
    Object.freeze(lazy);
    const module = new Module(index);
    module.filename = index;
    module.loaded = true;
    module.exports = lazy;
    require.cache[index] = module;
    return true;
  } catch {
    return false;
  }
}
