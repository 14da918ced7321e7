import { parseArgs } from "../../bench/args";

describe("npm run bench arguments", () => {
  it("measures 100, 1,000 and 3,000 connectors in 4 environments of the mixed inventory by default", () => {
    expect(parseArgs([])).toEqual({
      sizes: [100, 1000, 3000],
      environments: 4,
      consumers: 200,
      mix: "mixed",
      timeoutSeconds: 600,
      repeat: 1,
      runs: 5,
      example: true,
    });
  });

  it("takes sizes and options in any order", () => {
    expect(
      parseArgs(["50", "--mix", "aws", "100", "--timeout", "30", "--repeat", "3", "--runs", "2", "--environments", "2", "--no-example"]),
    ).toEqual({
      sizes: [50, 100],
      environments: 2,
      consumers: 200,
      mix: "aws",
      timeoutSeconds: 30,
      repeat: 3,
      runs: 2,
      example: false,
    });
  });

  it("refuses what it cannot measure, saying what is allowed", () => {
    expect(() => parseArgs(["--mix", "vault"])).toThrow(/--mix must be mixed or aws, got "vault"/);
    expect(() => parseArgs(["--timeout", "0"])).toThrow(/--timeout must be a whole number from 1/);
    expect(() => parseArgs(["--environments", "10"])).toThrow(/from 1 to 9/);
    expect(() => parseArgs(["--repeat"])).toThrow(/got nothing/);
    expect(() => parseArgs(["1"])).toThrow(/a size must be a whole number from 2/);
    expect(() => parseArgs(["--fast"])).toThrow(/unknown argument "--fast"; usage/);
  });
});
