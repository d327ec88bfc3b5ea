// The expected failures of maestro, as tagged errors. Each kind maps to one exit code at the
// CLI edge (DESIGN.md §7); anything that is not one of these is a defect.
import * as Data from "effect/Data";

/** Bad flags, bad input files, a transition the state machine does not allow. Exit 1. */
export class InvalidInput extends Data.TaggedError("InvalidInput")<{ readonly message: string }> {}
/** An id that names nothing. Exit 2. */
export class NotFound extends Data.TaggedError("NotFound")<{ readonly message: string }> {}
/** Lost a race or the thing is already taken. Exit 3. */
export class Conflict extends Data.TaggedError("Conflict")<{ readonly message: string }> {}
/** A log that cannot be trusted: corrupt middle line, broken chain, unknown event type. Exit 4. */
export class CorruptStore extends Data.TaggedError("CorruptStore")<{
  readonly message: string;
  readonly stream?: string;
  readonly line?: number;
}> {}

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
