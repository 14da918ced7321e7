import { mkdirSync, existsSync, renameSync, writeFileSync } from "node:fs";
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

/** Writes a built zip once to `<dir>/<sha256 hex>/<name>.zip` (atomically) and says where. */
export function stagePackage<T extends { readonly zip: Buffer; readonly sha256Base64: string }>(
  built: T,
  name: string,
  directory: string = join(tmpdir(), "cdktf-etl-secrets-rotation"),
): T & { readonly path: string; readonly sha256Hex: string } {
  const sha256Hex = Buffer.from(built.sha256Base64, "base64").toString("hex");
  const folder = join(directory, sha256Hex);
  const path = join(folder, `${name}.zip`);
  if (!existsSync(path)) {
    mkdirSync(folder, { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, built.zip);
    renameSync(partial, path);
  }
  return { ...built, path, sha256Hex };
}
