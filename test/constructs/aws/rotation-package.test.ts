/*
 * The staged zip of a function is the code Lambda runs, and its hash is what Terraform records
 * (source_code_hash): cdktf copies the staged file into the output at synth. So the staging folder
 * must be the user's alone, and a file already at the content-addressed path is used only when its
 * bytes are the ones its name promises. Before: the default folder was `cdktf-etl-secrets-rotation`
 * in the shared temp dir, any user could create it first, and a zip found there was used unread.
 */
import { createHash } from "node:crypto";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  assertPrivateDirectory,
  defaultPackageDirectory,
  PackageDirectoryError,
  stagePackage,
  stageRotationPackage,
} from "../../../lib/constructs/aws/rotation-package";
import { packageRotationFunction } from "../../../lib/rotation/package";

const POSIX = typeof process.getuid === "function";
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "etl-rotation-package-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function built(text: string) {
  const zip = Buffer.from(text);
  return { zip, sha256Base64: createHash("sha256").update(zip).digest("base64") };
}

describe("staging a function's zip", () => {
  it("writes the built bytes to <dir>/<sha256 hex>/<name>.zip, in folders only the user can read", () => {
    const dir = join(root, "stage");
    const staged = stageRotationPackage("postgresql-single-user", dir);
    const expected = packageRotationFunction("postgresql-single-user");
    expect(readFileSync(staged.path).equals(expected.zip)).toBe(true);
    expect(staged.path).toBe(join(dir, staged.sha256Hex, "postgresql-single-user.zip"));
    if (POSIX) {
      expect(lstatSync(dir).mode & 0o777).toBe(0o700);
      expect(lstatSync(join(dir, staged.sha256Hex)).mode & 0o777).toBe(0o700);
    }
  });

  it("replaces a file at the content-addressed path whose bytes are not the ones its name promises", () => {
    const dir = join(root, "stage");
    const real = built("the real function");
    const first = stagePackage(real, "fn", dir);
    // GIVEN the staged file replaced by other bytes (a planted or a damaged zip)
    writeFileSync(first.path, "planted code");
    // WHEN the same zip is staged again THEN the real bytes are back
    const again = stagePackage(real, "fn", dir);
    expect(again.path).toBe(first.path);
    expect(readFileSync(again.path, "utf8")).toBe("the real function");
  });

  it("keeps a file whose bytes match its name (staged once, read by every later stage)", () => {
    const dir = join(root, "stage");
    const real = built("same bytes");
    const first = stagePackage(real, "fn", dir);
    const before = lstatSync(first.path).ino;
    stagePackage(real, "fn", dir);
    expect(lstatSync(first.path).ino).toBe(before);
  });

  it("names the default folder after the user, under the OS temp dir", () => {
    const name = POSIX ? `cdktf-etl-secrets-rotation-${process.getuid!()}` : "cdktf-etl-secrets-rotation";
    expect(defaultPackageDirectory()).toBe(join(tmpdir(), name));
  });
});

(POSIX ? describe : describe.skip)("a staging folder someone else could write into", () => {
  it("is refused when writable by everyone or by its group, with the folder and its mode, and nothing is staged", () => {
    for (const [mode, who] of [
      [0o777, "everyone"],
      [0o770, "its group"],
    ] as const) {
      const dir = join(root, `open-${mode.toString(8)}`);
      mkdirSync(dir);
      chmodSync(dir, mode);
      expect(() => stagePackage(built("code"), "fn", dir)).toThrow(PackageDirectoryError);
      expect(() => stagePackage(built("code"), "fn", dir)).toThrow(
        `${dir}: the folder rotation packages are staged in is writable by ${who} (mode 0${mode.toString(8)})`,
      );
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it("is refused when another user owns it", () => {
    const dir = join(root, "theirs");
    mkdirSync(dir, { mode: 0o700 });
    expect(() => assertPrivateDirectory(dir, process.getuid!() + 1)).toThrow(/belongs to another user \(uid \d+\)/);
    expect(() => assertPrivateDirectory(dir, process.getuid!())).not.toThrow();
  });

  it("is refused with a clear error when a file or a link to nowhere has its name", () => {
    const file = join(root, "a-file");
    writeFileSync(file, "");
    expect(() => stagePackage(built("code"), "fn", file)).toThrow(
      `${file}: the folder rotation packages are staged in cannot be created (EEXIST): something else has its name`,
    );
    const dangling = join(root, "dangling");
    symlinkSync(join(root, "nowhere"), dangling);
    expect(() => stagePackage(built("code"), "fn", dangling)).toThrow(PackageDirectoryError);
    expect(() => stagePackage(built("code"), "fn", dangling)).toThrow(/cannot be created \(ENOENT\)/);
  });

  it("is judged by the folder a symbolic link leads to", () => {
    const open = join(root, "open");
    mkdirSync(open);
    chmodSync(open, 0o777);
    const link = join(root, "link");
    symlinkSync(open, link);
    expect(() => stagePackage(built("code"), "fn", link)).toThrow(/writable by everyone/);
    const own = join(root, "own");
    mkdirSync(own, { mode: 0o700 });
    const ownLink = join(root, "own-link");
    symlinkSync(own, ownLink);
    expect(readFileSync(stagePackage(built("code"), "fn", ownLink).path, "utf8")).toBe("code");
  });
});
