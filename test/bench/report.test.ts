import { commandRow, describeTarget, formatTable, jsonLine, ratioRow, TARGETS, type Sample } from "../../bench/report";
import { median } from "../../bench/measure";

const run = (seconds: number, peakRssMb?: number): Sample => ({
  seconds,
  timedOut: false,
  ...(peakRssMb === undefined ? {} : { peakRssMb }),
});
const timedOut: Sample = { seconds: 600.2, timedOut: true };

describe("the bench's rows, targets, table and JSON line", () => {
  it("takes the median of a command's runs and says whether the target is met", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const validate = commandRow("etl-secrets validate", "1000", [run(0.61, 80), run(0.42, 90), run(0.45, 70)], TARGETS.validate(1000));
    expect(validate).toMatchObject({ status: "ok", runs: 3, seconds: 0.45, peakRssMb: 80, target: "<= 0.5 s", met: true });
    expect(commandRow("etl-secrets validate", "1000", [run(0.51)], TARGETS.validate(1000)).met).toBe(false);
  });

  it("reports a timeout as timed out and not met, never as a time", () => {
    const row = commandRow("etl-secrets simulate", "1000", [timedOut], TARGETS.simulate(1000));
    expect(row).toMatchObject({ status: "timed out", met: false });
    expect(row.seconds).toBeUndefined();
    expect(formatTable([row], 600)).toMatch(/\| etl-secrets simulate \| 1000 \| timed out \(> 600 s\) \| - +\| <= 10 s \| NO +\|/);
  });

  it("sets targets only where the issue sets them", () => {
    expect(TARGETS.simulate(100)).toBeUndefined();
    expect(describeTarget(TARGETS.simulate(3000)!)).toBe("<= 60 s");
    expect(describeTarget(TARGETS.synthRatio(1000)!)).toBe("time <= 1.2x, memory <= 1.2x");
    const row = commandRow("etl-secrets review", "100", [run(3)], TARGETS.review(100));
    expect(row.target).toBeUndefined();
    expect(row.met).toBeUndefined();
  });

  it("divides time and peak RSS for a ratio row, and needs both bounds for the synth target", () => {
    const library = commandRow("synth: etl-secrets", "1000", [run(12, 360)]);
    const fast = commandRow("synth: baseline", "1000", [run(10, 300)]);
    expect(ratioRow("ratio", "1000", library, fast, TARGETS.synthRatio(1000))).toMatchObject({
      ratio: { time: 1.2, memory: 1.2 },
      met: true,
    });
    const lean = commandRow("synth: baseline", "1000", [run(10, 200)]);
    expect(ratioRow("ratio", "1000", library, lean, TARGETS.synthRatio(1000)).met).toBe(false);
    const speedup = ratioRow(
      "speedup",
      "example",
      commandRow("cdktf", "example", [run(6.7)]),
      commandRow("etl", "example", [run(1)]),
      TARGETS.exampleSpeedup,
    );
    expect(speedup).toMatchObject({ met: true, target: ">= 6x" });
  });

  it("skips a ratio when a side was not measured, and says timed out when the numerator timed out", () => {
    const baseline = commandRow("synth: baseline", "3000", [run(30, 300)]);
    expect(ratioRow("r", "3000", commandRow("synth", "3000", [timedOut]), baseline, TARGETS.synthRatio(3000))).toMatchObject({
      status: "timed out",
      met: false,
    });
    expect(ratioRow("r", "3000", baseline, commandRow("synth", "3000", []), TARGETS.synthRatio(3000))).toMatchObject({ status: "skipped" });
    expect(ratioRow("r", "3000", baseline, commandRow("synth", "3000", []), TARGETS.synthRatio(3000)).met).toBeUndefined();
  });

  it("prints one aligned table with the notes below it", () => {
    const rows = [
      commandRow("etl-secrets --help", "-", [run(0.2, 60), run(0.25, 61), run(0.21, 59)], TARGETS.help),
      commandRow("etl-secrets review", "100", [run(3.456, 100)], undefined, "head: +2 connector(s)"),
      ratioRow("synth: etl-secrets / baseline", "100", commandRow("a", "100", [run(2, 150)]), commandRow("b", "100", [run(1, 100)])),
    ];
    expect(formatTable(rows, 600).split("\n")).toEqual([
      "| what                          | size | time                 | peak RSS | target   | met? |",
      "|-------------------------------|------|----------------------|----------|----------|------|",
      "| etl-secrets --help            | -    | 0.21 s (median of 3) | 60 MiB   | <= 0.3 s | yes  |",
      "| etl-secrets review            | 100  | 3.46 s               | 100 MiB  | -        | -    |",
      "| synth: etl-secrets / baseline | 100  | 2.00x                | 1.50x    | -        | -    |",
      "",
      "- etl-secrets review (100): head: +2 connector(s)",
    ]);
  });

  it("writes the same facts as one line of JSON, fractions rounded", () => {
    const row = commandRow("etl-secrets --help", "-", [run(0.123456, 60.98765)], TARGETS.help);
    const line = jsonLine({ bench: "x", rows: [row] });
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({
      bench: "x",
      rows: [
        { what: "etl-secrets --help", size: "-", target: "<= 0.3 s", status: "ok", runs: 1, seconds: 0.123, peakRssMb: 60.988, met: true },
      ],
    });
  });
});
