// The bundle format: `manifest.json` first, then the files it lists. The manifest is declared
// once as a Schema; entry names are checked so an archive can never write outside its mission.
import * as Schema from "effect/Schema";

/** 1: one events.jsonl and its head hash; 2: the mission's segments and each one's head */
export const BUNDLE_FORMAT = 2;
export const BUNDLE_FORMATS = [1, 2] as const;

export const ManifestFile = Schema.Struct({ path: Schema.String, size: Schema.Int, sha256: Schema.String });
export type ManifestFile = typeof ManifestFile.Type;

const Head = Schema.Struct({ seq: Schema.Int, hash: Schema.String });

export const Manifest = Schema.Struct({
  format: Schema.Literal(...BUNDLE_FORMATS),
  missionId: Schema.String,
  title: Schema.String,
  status: Schema.String,
  eventCount: Schema.Int,
  /** per segment, its last exported line's seq and sha256 (format 2) */
  heads: Schema.optional(Schema.Record({ key: Schema.String, value: Head })),
  /** format 1: the one events.jsonl's last seq and hash */
  exportedSeq: Schema.optional(Schema.Int),
  headHash: Schema.optional(Schema.String),
  /** time and actor of the last exported event, so the same history gives the same bytes */
  createdAt: Schema.String,
  createdBy: Schema.String,
  maestroVersion: Schema.String,
  files: Schema.Array(ManifestFile),
});
export type Manifest = typeof Manifest.Type;

export interface Limits {
  /** largest single entry, bytes */
  readonly maxEntryBytes: number;
  /** largest total of all entries, bytes (a zip-bomb guard: gunzip output is counted) */
  readonly maxTotalBytes: number;
}
export const DEFAULT_LIMITS: Limits = { maxEntryBytes: 256 * 2 ** 20, maxTotalBytes: 1024 * 2 ** 20 };

/** Why an entry name is unsafe, or undefined. Names are relative, `/`-separated, printable. */
export const unsafeName = (name: string): string | undefined => {
  if (/[\u0000-\u001f\u007f]/.test(name)) return "has control characters";
  if (name.startsWith("/") || /^[a-zA-Z]:/.test(name)) return "is an absolute path";
  if (name.split("/").some((p) => p === ".." || p === "." || p === "")) return "has an empty, . or .. part";
  if (name.includes("\\")) return "has a backslash";
  return undefined;
};

/** Each segment's head as the manifest states it (format 1 names its one events.jsonl). */
export const headsOf = (m: Manifest): Readonly<Record<string, { readonly seq: number; readonly hash: string }>> =>
  m.heads ?? (m.exportedSeq && m.headHash !== undefined ? { "events.jsonl": { seq: m.exportedSeq, hash: m.headHash } } : {});
