import { zipSync } from "fflate";

/**
 * DOS timestamps have no time zone and fflate reads the local fields of a Date, so a Date built from
 * local fields writes the same bytes in every zone. 1980-01-01 is the earliest DOS date.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
/** Regular file, rw-r--r--, in the upper half of the external attributes (Unix "made by"). */
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;
const UNIX = 3;
const COMPRESSION_LEVEL = 9;

/** A zip whose bytes depend only on the files' names and contents: sorted entries, fixed times and modes. */
export function deterministicZip(files: Readonly<Record<string, Uint8Array>>): Buffer {
  const entries: Parameters<typeof zipSync>[0] = {};
  for (const name of Object.keys(files).sort()) {
    entries[name] = [files[name], { level: COMPRESSION_LEVEL, mtime: FIXED_MTIME, os: UNIX, attrs: FILE_ATTRIBUTES }];
  }
  return Buffer.from(zipSync(entries));
}
