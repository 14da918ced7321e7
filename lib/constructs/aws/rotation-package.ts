import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROTATION_TARGETS, type RotationTarget } from "../../rotation/contract";
import { packageRotationFunction, type RotationFunctionPackage } from "../../rotation/package";

/** Whether lib/rotation packages a function for this target. */
export function isPackagedTarget(target: string): target is RotationTarget {
  return (ROTATION_TARGETS as readonly string[]).includes(target);
}

export interface StagedRotationPackage extends RotationFunctionPackage {
  /** Absolute path of the zip, named by its content: `<dir>/<sha256 hex>/<target>.zip`. */
  readonly path: string;
  /** Hex SHA-256 of the zip: the asset hash, so the asset's path depends only on the bytes. */
  readonly sha256Hex: string;
}

/**
 * The deterministic zip of a target's rotation function, written once to a content-addressed file
 * for a TerraformAsset of type FILE (copied as is: the bytes in the output are these bytes).
 */
export function stageRotationPackage(target: RotationTarget, directory?: string): StagedRotationPackage {
  return stagePackage(packageRotationFunction(target), target, directory);
}

/**
 * Where zips are staged by default: a folder of the current user's under the OS temp dir
 * (`cdktf-etl-secrets-rotation-<uid>`), created readable and writable by that user only.
 */
export function defaultPackageDirectory(): string {
  const uid = currentUid();
  return join(tmpdir(), uid === undefined ? "cdktf-etl-secrets-rotation" : `cdktf-etl-secrets-rotation-${uid}`);
}

/**
 * Writes a built zip to `<dir>/<sha256 hex>/<name>.zip` (atomically) and says where. The file is
 * what the Lambda function runs and its hash is what Terraform records, so the folder must be one
 * nobody else can write (checked: the synth stops otherwise), and a zip already there is used only
 * when its bytes hash to the name (else it is written again).
 */
export function stagePackage<T extends { readonly zip: Buffer; readonly sha256Base64: string }>(
  built: T,
  name: string,
  directory: string = defaultPackageDirectory(),
): T & { readonly path: string; readonly sha256Hex: string } {
  const sha256Hex = Buffer.from(built.sha256Base64, "base64").toString("hex");
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new PackageDirectoryError(
      `${directory}: the folder rotation packages are staged in cannot be created (${code}): something else has its name (a file, or a link to nowhere); ${ADVICE}`,
    );
  }
  assertPrivateDirectory(directory);
  const folder = join(directory, sha256Hex);
  const path = join(folder, `${name}.zip`);
  if (!existsSync(path) || createHash("sha256").update(readFileSync(path)).digest("hex") !== sha256Hex) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, built.zip, { mode: 0o600 });
    renameSync(partial, path);
  }
  return { ...built, path, sha256Hex };
}

const ADVICE =
  "remove it (synth then creates it for you alone), or stage in a folder only you can write (TMPDIR, or the packageDirectory prop)";

/** Raised when the staging folder could let another user replace a function's code. */
export class PackageDirectoryError extends Error {
  override readonly name = "PackageDirectoryError";
}

/**
 * Refuses a staging folder that someone else could write into between the staging and the copy
 * cdktf makes at synth: one owned by another user, or writable by its group or by everyone (a
 * symbolic link is judged by the folder it leads to). POSIX only: elsewhere the OS temp dir is
 * the user's own. `uid` is the current user's (a parameter for tests).
 */
export function assertPrivateDirectory(directory: string, uid: number | undefined = currentUid()): void {
  if (uid === undefined) return;
  const real = realpathSync(directory);
  const stat = lstatSync(real);
  if (!stat.isDirectory())
    throw new PackageDirectoryError(`${directory}: the folder rotation packages are staged in is not a folder; ${ADVICE}`);
  if (stat.uid !== uid)
    throw new PackageDirectoryError(
      `${directory}: the folder rotation packages are staged in belongs to another user (uid ${stat.uid}), who could replace a function's code before synth copies it; ${ADVICE}`,
    );
  if ((stat.mode & 0o022) !== 0)
    throw new PackageDirectoryError(
      `${directory}: the folder rotation packages are staged in is writable by ${(stat.mode & 0o002) !== 0 ? "everyone" : "its group"} (mode ${(stat.mode & 0o777).toString(8).padStart(4, "0")}), who could replace a function's code before synth copies it; ${ADVICE}`,
    );
}

function currentUid(): number | undefined {
  return typeof process.getuid === "function" ? process.getuid() : undefined;
}
