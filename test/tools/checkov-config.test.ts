import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CHECKOV_CONFIG_FILE, SKIPS_FILE, checkovConfigText, loadSkips } from "../../tools/live/checkov";

const ROOT = join(__dirname, "../..");

describe("the Checkov skip list the package ships", () => {
  it("checkov/checkov.yaml is the stock configuration made from checkov/skips.yaml (regenerate with tools/live/checkov.ts --write-config)", () => {
    expect(readFileSync(CHECKOV_CONFIG_FILE, "utf8")).toBe(checkovConfigText(loadSkips()));
  });

  it("holds only keys stock Checkov accepts: the terraform_json framework and every skipped check id, each once", () => {
    const config = parse(readFileSync(CHECKOV_CONFIG_FILE, "utf8")) as Record<string, unknown>;
    expect(Object.keys(config).sort()).toEqual(["framework", "skip-check"]);
    expect(config.framework).toEqual(["terraform_json"]);
    expect(config["skip-check"]).toEqual([...new Set(loadSkips().map((skip) => skip.check))].sort());
  });

  it("puts every skip's reason into the stock configuration as a comment", () => {
    const text = readFileSync(CHECKOV_CONFIG_FILE, "utf8");
    const comments = text
      .split("\n")
      .filter((line) => line.trimStart().startsWith("#"))
      .map((line) => line.replace(/^\s*#\s*/, ""))
      .join(" ");
    for (const skip of loadSkips()) expect(comments.replace(/\s+/g, " ")).toContain(skip.reason.trim().replace(/\s+/g, " ").slice(0, 60));
  });

  it("ships both files: the live suite reads the same skips.yaml a consumer installs", () => {
    expect(SKIPS_FILE).toBe(join(ROOT, "checkov", "skips.yaml"));
    const files = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] }).files;
    expect(files).toContain("checkov/*.yaml");
  });
});
