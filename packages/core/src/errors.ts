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

export type DomainError = InvalidInput | NotFound | Conflict;
export type MaestroError = DomainError | CorruptStore;

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
  }
};

export const isMaestroError = (u: unknown): u is MaestroError =>
  u instanceof InvalidInput || u instanceof NotFound || u instanceof Conflict || u instanceof CorruptStore;
