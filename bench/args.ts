/*
 * `npm run bench` arguments:
 *
 *   npx tsx bench/run.ts [sizes=100 1000 3000] [--environments 4] [--consumers 200] [--mix mixed|aws]
 *                        [--timeout 600] [--repeat 1] [--runs 5] [--no-example]
 *
 * sizes: connectors per environment; --timeout: seconds per measured command; --repeat: runs of
 * synth (library and baseline, interleaved), simulate and review; --runs: runs of the cheap ones
 * (--help, validate, the example's synth), whose median is reported; --no-example: skip the example.
 */

export interface BenchArgs {
  readonly sizes: readonly number[];
  readonly environments: number;
  readonly consumers: number;
  readonly mix: "mixed" | "aws";
  readonly timeoutSeconds: number;
  readonly repeat: number;
  readonly runs: number;
  readonly example: boolean;
}

export const USAGE =
  "usage: tsx bench/run.ts [sizes...] [--environments 4] [--consumers 200] [--mix mixed|aws] [--timeout 600] [--repeat 1] [--runs 5] [--no-example]";

export function parseArgs(argv: readonly string[]): BenchArgs {
  const sizes: number[] = [];
  const options = {
    environments: 4,
    consumers: 200,
    mix: "mixed" as "mixed" | "aws",
    timeoutSeconds: 600,
    repeat: 1,
    runs: 5,
    example: true,
  };
  const integer = (name: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const value = Number(raw);
    if (raw === undefined || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(
        `${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ""}, got ${raw === undefined ? "nothing" : JSON.stringify(raw)}; ${USAGE}`,
      );
    }
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--environments") options.environments = integer(arg, argv[++i], 1, 9);
    else if (arg === "--consumers") options.consumers = integer(arg, argv[++i], 1);
    else if (arg === "--timeout") options.timeoutSeconds = integer(arg, argv[++i], 1);
    else if (arg === "--repeat") options.repeat = integer(arg, argv[++i], 1);
    else if (arg === "--runs") options.runs = integer(arg, argv[++i], 1);
    else if (arg === "--no-example") options.example = false;
    else if (arg === "--mix") {
      const mix = argv[++i];
      if (mix !== "mixed" && mix !== "aws")
        throw new Error(`--mix must be mixed or aws, got ${JSON.stringify(mix ?? "nothing")}; ${USAGE}`);
      options.mix = mix;
    } else if (/^\d+$/.test(arg)) sizes.push(integer("a size", arg, 2));
    else throw new Error(`unknown argument ${JSON.stringify(arg)}; ${USAGE}`);
  }
  return { sizes: sizes.length > 0 ? sizes : [100, 1000, 3000], ...options };
}
