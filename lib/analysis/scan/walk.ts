import { closeSync, lstatSync, openSync, readSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SkippedFile } from "./types";

/** Directories never worth scanning: dependencies and version control internals. */
export const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git"]);
/** Default cap on the size of a scanned file. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface TextFile {
  readonly path: string;
  readonly content: string;
}

export interface WalkResult {
  readonly files: readonly TextFile[];
  /** Skipped while walking a directory: binary, too large, symbolic links, unreadable. */
  readonly skipped: readonly SkippedFile[];
  /** Problems with paths the user named: missing, unreadable, binary, too large. */
  readonly errors: readonly string[];
}

function isBinary(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(8192);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).includes(0);
  } finally {
    closeSync(fd);
  }
}

/**
 * Collects the text files under the given paths, sorted, without following symbolic links inside
 * directories. Binary and oversized files are errors when the user named them and notes when found
 * inside a directory (they are expected there); missing and unreadable paths are always errors.
 */
export function collectTextFiles(paths: readonly string[], maxBytes: number = DEFAULT_MAX_FILE_BYTES): WalkResult {
  const files: TextFile[] = [];
  const skipped: SkippedFile[] = [];
  const errors: string[] = [];

  const readText = (path: string, size: number, named: boolean): void => {
    const problem = (reason: string) => (named ? errors.push(`${path}: ${reason}`) : skipped.push({ file: path, reason }));
    if (size > maxBytes) return void problem(`larger than ${maxBytes} bytes (${size}); not scanned`);
    try {
      if (isBinary(path)) return void problem("binary file (contains NUL bytes); not scanned");
      files.push({ path, content: readFileSync(path, "utf8") });
    } catch (error) {
      // An unreadable file leaves a hole in the scan: always an error, named or found.
      errors.push(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? "read error"}`);
    }
  };

  const walk = (directory: string): void => {
    let names: string[];
    try {
      names = readdirSync(directory).sort();
    } catch (error) {
      errors.push(`${directory}: cannot list directory: ${(error as NodeJS.ErrnoException).code ?? "read error"}`);
      return;
    }
    for (const name of names) {
      const path = join(directory, name);
      let stat;
      try {
        stat = lstatSync(path);
      } catch (error) {
        skipped.push({ file: path, reason: `cannot stat: ${(error as NodeJS.ErrnoException).code ?? "error"}` });
        continue;
      }
      if (stat.isSymbolicLink()) skipped.push({ file: path, reason: "symbolic link; not followed" });
      else if (stat.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(name)) skipped.push({ file: path, reason: `${name} directory; not scanned` });
        else walk(path);
      } else if (stat.isFile()) readText(path, stat.size, false);
    }
  };

  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push(
        code === "ENOENT" || code === "ENOTDIR" ? `${path}: no such file or directory` : `${path}: cannot read: ${code ?? "error"}`,
      );
      continue;
    }
    if (stat.isDirectory()) walk(path);
    else if (stat.isFile()) readText(path, stat.size, true);
    else errors.push(`${path}: not a regular file or directory`);
  }
  return { files, skipped, errors };
}
