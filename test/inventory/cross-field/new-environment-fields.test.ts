import { formatPath } from "../../../lib/inventory/issues";
import { validateDocument } from "../../../lib/inventory/validate";
import { fixtureDocument } from "../../support/inventories";

function issues(doc: Record<string, any>, codes: readonly string[]) {
  return validateDocument(doc)
    .issues.filter((issue) => codes.includes(issue.code))
    .map((issue) => `${issue.severity} ${issue.code} ${formatPath(issue.path)}: ${issue.message}`);
}

describe("environments[].vault.audit", () => {
  it("accepts one account and region per cluster, and keeps it in the parsed environment", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments[2].vault.audit = { accountId: "444444444444", region: "eu-west-1" };
    doc.environments[3].vault.audit = { accountId: "444444444444", region: "eu-west-1" };
    const result = validateDocument(doc);
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(result.inventory!.environments[3].vault!.audit).toEqual({ accountId: "444444444444", region: "eu-west-1" });
  });

  it("fails when two environments of one cluster ship its audit log to different places", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments[2].vault.audit = { accountId: "444444444444", region: "eu-west-1" };
    doc.environments[3].vault.audit = { accountId: "555555555555", region: "eu-west-1" };
    expect(issues(doc, ["vault-audit-conflict"])).toEqual([
      "error vault-audit-conflict environments[3].vault.audit: ships the cluster's audit log to account 555555555555 in eu-west-1, but environment staging on the same cluster (environments[2].vault.audit) ships it to account 444444444444 in eu-west-1; a cluster has one audit log: give the same accountId and region, or leave it out",
    ]);
  });

  it("lets one environment of the cluster declare it for all: no conflict, no warning for the production one", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments[2].vault.audit = { accountId: "444444444444", region: "eu-west-1" };
    // acme's Vault-only test environment is warned about its reminders (reminders.test.ts), nothing else.
    expect(validateDocument(doc).issues.filter((i) => i.code !== "reminders-not-sent")).toEqual([]);
  });

  it("warns (never fails) for a production environment whose cluster ships its audit log nowhere", () => {
    const result = validateDocument(fixtureDocument("acme.yaml"));
    expect(result.ok).toBe(true);
    expect(issues(fixtureDocument("acme.yaml"), ["vault-audit-not-shipped"])).toEqual([
      "warning vault-audit-not-shipped environments[3].vault: production environment whose Vault audit log stays on the servers (file and syslog devices only): declare vault.audit { accountId, region } on one environment of the cluster to ship it to an immutable store",
    ]);
  });

  it("refuses an account id that is not 12 digits, without echoing it", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments[3].vault.audit = { accountId: "Xy7-canary-QeLp2vTt9", region: "eu-west-1" };
    const found = validateDocument(doc).issues.filter((i) => formatPath(i.path) === "environments[3].vault.audit.accountId");
    expect(found.map((i) => i.severity)).toEqual(["error"]);
    expect(JSON.stringify(validateDocument(doc).issues)).not.toContain("Xy7-canary");
  });
});

describe("environments[].hours", () => {
  const withHours = (hours: unknown) => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments[3].hours = hours;
    return doc;
  };

  it("accepts a fixed offset, working days and a window, up to 24:00", () => {
    const result = validateDocument(
      withHours({ utcOffset: "+05:45", days: ["mon", "tue", "wed", "thu", "fri"], from: "07:00", to: "24:00" }),
    );
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(result.inventory!.environments[3].hours).toEqual({
      utcOffset: "+05:45",
      days: ["mon", "tue", "wed", "thu", "fri"],
      from: "07:00",
      to: "24:00",
    });
  });

  it("refuses a time zone name, a 15-hour offset and odd minutes (a fixed offset only)", () => {
    for (const utcOffset of ["Europe/Paris", "+15:00", "+01:15", "01:00"]) {
      const found = validateDocument(withHours({ utcOffset, days: ["mon"], from: "07:00", to: "20:00" })).issues;
      expect(found.map((i) => `${formatPath(i.path)} ${i.code}`)).toContain("environments[3].hours.utcOffset invalid-format");
    }
  });

  it("fails an overnight or empty window and a day listed twice", () => {
    expect(
      issues(withHours({ utcOffset: "+01:00", days: ["mon", "tue", "mon"], from: "22:00", to: "06:00" }), [
        "hours-window-empty",
        "duplicate-day",
      ]),
    ).toEqual([
      "error duplicate-day environments[3].hours.days[2]: lists mon more than once; each day at most once",
      "error hours-window-empty environments[3].hours.to: 06:00 is not after from (22:00): the window runs from from to to on each listed day; an overnight window is not supported (end the day at 24:00 and start the next at 00:00 instead)",
    ]);
    expect(issues(withHours({ utcOffset: "+01:00", days: ["mon"], from: "08:00", to: "08:00" }), ["hours-window-empty"])).toHaveLength(1);
  });

  it("refuses an unknown day and an empty day list", () => {
    const unknown = validateDocument(withHours({ utcOffset: "+01:00", days: ["monday"], from: "08:00", to: "18:00" })).issues;
    expect(unknown.map((i) => formatPath(i.path))).toContain("environments[3].hours.days[0]");
    const empty = validateDocument(withHours({ utcOffset: "+01:00", days: [], from: "08:00", to: "18:00" })).issues;
    expect(empty.map((i) => `${formatPath(i.path)} ${i.code}`)).toContain("environments[3].hours.days too-small");
  });
});

describe("environments[].humans.loginMethods", () => {
  const withMethods = (loginMethods: unknown) => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments[3].humans = { loginMethods };
    return doc;
  };

  it("accepts human login methods", () => {
    const result = validateDocument(withMethods(["oidc", "userpass"]));
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(result.inventory!.environments[3].humans).toEqual({ loginMethods: ["oidc", "userpass"] });
  });

  it.each(["approle", "kubernetes", "jwt", "aws"])("refuses the machine method %s, listing the human ones", (method) => {
    const found = validateDocument(withMethods(["oidc", method])).issues.filter(
      (i) => formatPath(i.path) === "environments[3].humans.loginMethods[1]",
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "error", code: "invalid-value" });
    expect(found[0].message).toContain("oidc | ldap | userpass | okta | radius | cert | github");
  });

  it("refuses an empty list", () => {
    const found = validateDocument(withMethods([])).issues.map((i) => `${formatPath(i.path)} ${i.code}`);
    expect(found).toContain("environments[3].humans.loginMethods too-small");
  });
});
