// Ids: generated ones are `<prefix>_<nanoid>`; user-given ones (plan ids, slugs) must match
// one safe pattern so they can never escape a directory or break a path.
export const USER_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

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
