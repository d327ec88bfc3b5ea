// Ids: generated ones are `<prefix>_<nanoid>`; user-given ones (plan ids, slugs) must match
// one safe pattern so they can never escape a directory or break a path.
import * as Schema from "effect/Schema";

export const USER_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const UserId = Schema.String.pipe(
  Schema.pattern(USER_ID_PATTERN, {
    message: (issue) =>
      `invalid id ${JSON.stringify(issue.actual)}: use 1-64 of a-z 0-9 . _ - starting with a letter or digit`,
  }),
);

export const ID_PREFIXES = {
  mission: "msn",
  task: "tsk",
  handoff: "hof",
  event: "ev",
  checkpoint: "ckp",
  memory: "mem",
  reply: "rpl",
} as const;
export type IdKind = keyof typeof ID_PREFIXES;
