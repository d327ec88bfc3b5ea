// The expected failures of maestro, as tagged errors. Each kind maps to one exit code at the
// CLI edge (DESIGN.md §7); anything that is not one of these is a defect. Plain classes with a
// `_tag` rather than effect's Data.TaggedError: every read path raises them, and loading
// effect's core for that costs more than a small read does in all.

abstract class Tagged<Tag extends string> extends Error {
  abstract readonly _tag: Tag;
  constructor(args: { readonly message: string }) {
    super(args.message);
  }
}

/** Bad flags, bad input files, a transition the state machine does not allow. Exit 1. */
export class InvalidInput extends Tagged<"InvalidInput"> {
  readonly _tag = "InvalidInput";
}
/** An id that names nothing. Exit 2. */
export class NotFound extends Tagged<"NotFound"> {
  readonly _tag = "NotFound";
}
/** Lost a race or the thing is already taken. Exit 3. */
export class Conflict extends Tagged<"Conflict"> {
  readonly _tag = "Conflict";
}
/** A log that cannot be trusted: corrupt middle line, broken chain, unknown event type. Exit 4. */
export class CorruptStore extends Tagged<"CorruptStore"> {
  readonly _tag = "CorruptStore";
  readonly stream: string | undefined;
  readonly line: number | undefined;
  constructor(args: { readonly message: string; readonly stream?: string; readonly line?: number }) {
    super(args);
    this.stream = args.stream;
    this.line = args.line;
  }
}

/** The machine said no: a full disk, a read-only or unwritable store. Exit 74 (sysexits' EX_IOERR). */
export class EnvironmentFault extends Tagged<"EnvironmentFault"> {
  readonly _tag = "EnvironmentFault";
}

export type DomainError = InvalidInput | NotFound | Conflict;
export type MaestroError = DomainError | CorruptStore | EnvironmentFault;

/** errno codes that are the machine's refusal, not maestro's bug nor the user's typo */
export const FAULT_CODES: readonly string[] = ["ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EIO", "EMFILE", "ENFILE"];
/** errno codes of a path the user named that is not there or not a file */
const PATH_CODES: Readonly<Record<string, string>> = { ENOENT: "no such file or directory", ENOTDIR: "a part of the path is not a directory", EISDIR: "it is a directory", EEXIST: "it exists already", ENAMETOOLONG: "the name is too long" };

type SystemError = Error & { readonly code?: string; readonly path?: string };

/** A Node fs error said in words, as the error kind it is; undefined for anything else (a defect). */
export const fromSystemError = (e: unknown, cwd = ""): MaestroError | undefined => {
  if (!(e instanceof Error) || typeof (e as SystemError).code !== "string") return undefined;
  const { code, path: full } = e as SystemError;
  const path = full === undefined ? "" : cwd && full.startsWith(cwd + "/") ? full.slice(cwd.length + 1) : full;
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : path || ".";
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return new EnvironmentFault({ message: `no space left on the device holding ${dir}: nothing was recorded; free some space and run it again` });
    case "EROFS":
      return new EnvironmentFault({ message: `${dir} is on a read-only file system: nothing was recorded` });
    case "EACCES":
    case "EPERM":
      return new EnvironmentFault({ message: `permission denied on ${path || "a file"}: nothing was recorded; check who owns it (\`ls -l ${dir}\`)` });
    case "EIO":
      return new EnvironmentFault({ message: `input/output error on ${path || "the disk"}: nothing was recorded; check the device` });
    case "EMFILE":
    case "ENFILE":
      return new EnvironmentFault({ message: "too many open files on this machine; close some programs and run it again" });
  }
  if (code !== undefined && Object.hasOwn(PATH_CODES, code) && path) return new InvalidInput({ message: `cannot use ${path}: ${PATH_CODES[code]}` });
  return undefined;
};

export const exitCodeOf = (e: MaestroError): number => {
  switch (e._tag) {
    case "InvalidInput":
      return 1;
    case "NotFound":
      return 2;
    case "Conflict":
      return 3;
    case "CorruptStore":
      return 4;
    case "EnvironmentFault":
      return 74;
  }
};

export const isMaestroError = (u: unknown): u is MaestroError =>
  u instanceof InvalidInput || u instanceof NotFound || u instanceof Conflict || u instanceof CorruptStore || u instanceof EnvironmentFault;
