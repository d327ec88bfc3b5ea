// The expected failures of maestro, as tagged errors. Each kind maps to one exit code at the
// CLI edge (DESIGN.md §7); anything that is not one of these is a defect. Within a kind, each
// error names its condition (`TaskAlreadyClaimed`), which `--json` errors and MCP errors carry
// and tests match, so prose can change without breaking a caller. Plain classes with a `_tag`
// rather than effect's Data.TaggedError: every read path raises them, and loading effect's core
// for that costs more than a small read does in all.

/** Every condition maestro refuses on, under the kind (so the exit code) it belongs to. */
export const CONDITIONS = {
  InvalidInput: [
    "UsageError", // flags yargs refuses, or a combination of them that makes no sense
    "InvalidValue", // a value outside its rule: a limit, a pattern, a list of allowed values
    "InvalidFile", // an input file (plan, report, bundle, config) that does not decode
    "NothingToChange", // an update that names no change
    "ConfirmationNeeded", // a command that replaces state waits for --yes
    "TransitionNotAllowed", // a state machine has no such step from here
    "DependencyOpen", // a feature's dependency or an earlier milestone is not far enough
    "TaskBlocked", // a task with open blockers
    "BlockerCycle", // a blocker edge that would close a cycle
    "AssertionsOpen", // a milestone with assertions neither passed nor waived
    "MissionAmbiguous", // several missions are active and none was named
    "WrongProject", // a handoff that belongs to another project's workspace
    "NotAGitRepository",
    "GitFailed",
    "FileNotEditable", // a file maestro edits (CLAUDE.md, settings.json) is not in a shape it can edit
    "TerminalNeeded",
    "SessionUnknown", // a claim where no session can be told (see `maestro whoami`)
    "OutOfScope", // a completion whose changes stray from the task's scope (forbidden files, outside its globs, past its cap)
  ],
  NotFound: [
    "WorkspaceNotFound",
    "MissionNotFound",
    "MilestoneNotFound",
    "FeatureNotFound",
    "AssertionNotFound",
    "CheckpointNotFound",
    "EventNotFound",
    "TaskNotFound",
    "HandoffNotFound",
    "NoOpenHandoff",
    "NoActiveMission",
    "PrincipleNotFound",
    "MemoryEntryNotFound",
    "ToolNotFound",
    "AgentNotInstalled",
    "GitNotInstalled",
    "RemoteNotFound",
    "ConflictNotFound", // `log settle` of an id that is no open merge conflict
  ],
  Conflict: [
    "TaskAlreadyClaimed",
    "TaskHeldByOther", // only the holder rewrites, heartbeats or releases a task (--force overrides)
    "SessionBusy", // a session that holds a task claims another
    "SlugTaken",
    "AlreadyExists", // a mission, checkpoint, principle or handoff of that id
    "HandoffAlreadyLaunched",
    "HandoffAlreadyPickedUp",
    "HandoffRunning", // a second run of a feature while one is active (--force launches it beside)
    "BudgetExceeded", // a launch past what the mission may spend (budget.mission)
    "HistoryDiverged", // an import or merge whose history does not fit the one here
    "LockUnavailable",
    "MergeInProgress",
    "MergeConflict",
    "PushRejected",
  ],
  CorruptStore: ["StreamCorrupt", "UnknownEventType"],
  EnvironmentFault: ["DiskFull", "ReadOnlyFileSystem", "PermissionDenied", "DeviceError", "TooManyOpenFiles"],
} as const;

export type Kind = keyof typeof CONDITIONS;
export type ConditionOf<K extends Kind> = (typeof CONDITIONS)[K][number];
export type Condition = ConditionOf<Kind>;

/** The commands a message points to (written `maestro ...` in backquotes), for a program to offer or run. */
export const hintsOf = (message: string): string[] => [...message.matchAll(/`(maestro [^`]+)`/g)].map((m) => m[1]!);

abstract class Tagged<K extends Kind> extends Error {
  abstract readonly _tag: K;
  readonly condition: ConditionOf<K>;
  readonly hints: readonly string[];
  constructor(args: { readonly condition: ConditionOf<K>; readonly message: string; readonly hints?: readonly string[] }) {
    super(args.message);
    this.condition = args.condition;
    this.hints = args.hints ?? hintsOf(args.message);
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
  constructor(args: { readonly condition: ConditionOf<"CorruptStore">; readonly message: string; readonly stream?: string; readonly line?: number }) {
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
      return new EnvironmentFault({ condition: "DiskFull", message: `no space left on the device holding ${dir}: nothing was recorded; free some space and run it again` });
    case "EROFS":
      return new EnvironmentFault({ condition: "ReadOnlyFileSystem", message: `${dir} is on a read-only file system: nothing was recorded` });
    case "EACCES":
    case "EPERM":
      return new EnvironmentFault({ condition: "PermissionDenied", message: `permission denied on ${path || "a file"}: nothing was recorded; check who owns it (\`ls -l ${dir}\`)` });
    case "EIO":
      return new EnvironmentFault({ condition: "DeviceError", message: `input/output error on ${path || "the disk"}: nothing was recorded; check the device` });
    case "EMFILE":
    case "ENFILE":
      return new EnvironmentFault({ condition: "TooManyOpenFiles", message: "too many open files on this machine; close some programs and run it again" });
  }
  // (a path of maestro's own store is not one the user named: its error is maestro's)
  if (code !== undefined && Object.hasOwn(PATH_CODES, code) && path && !/(^|\/)\.maestro\//.test(path)) return new InvalidInput({ condition: "InvalidValue", message: `cannot use ${path}: ${PATH_CODES[code]}` });
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
