import fc from "fast-check";
import { parse } from "pg-connection-string";
import { DEFAULT_EXCLUDE_CHARACTERS, URI_UNRESERVED_PASSWORD } from "../../lib/rotation/contract";
import { propertyRuns } from "../support/property-runs";

/** Any string of the allowed alphabet survives a URI, a libpq string, .pgpass and JDBC unescaped. */
const RUNS = propertyRuns(100_000);
const ALLOWED = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"];

describe("URI-unreserved passwords", () => {
  it("the default exclusions leave exactly letters, digits and -_.~", () => {
    const printable = Array.from({ length: 94 }, (_, index) => String.fromCharCode(33 + index));
    expect(printable.filter((character) => !DEFAULT_EXCLUDE_CHARACTERS.includes(character))).toEqual([...ALLOWED].sort());
  });

  it(`round-trip through connection strings (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.stringOf(fc.constantFrom(...ALLOWED), { minLength: 32, maxLength: 48 }), (password) => {
        const uri = `postgresql://u:${password}@h:5432/db`;
        const pgpassFields = `h:5432:db:u:${password}`.split(":");
        const jdbc = new URLSearchParams(`user=u&password=${password}`).get("password");
        return (
          URI_UNRESERVED_PASSWORD.test(password) &&
          parse(uri).password === password &&
          new URL(uri).password === password &&
          /^\S+$/.test(password) &&
          !/['\\]/.test(password) && // a libpq keyword value needs no quoting
          pgpassFields.length === 5 &&
          pgpassFields[4] === password &&
          jdbc === password
        );
      }),
      { numRuns: RUNS },
    );
  });
});
