// The Schema of a user-given id (plan ids, slugs, names), for the input files that carry them.
import * as Schema from "effect/Schema";
import { USER_ID_PATTERN } from "./ids.js";

export const UserId = Schema.String.pipe(
  Schema.pattern(USER_ID_PATTERN, {
    message: (issue) =>
      `invalid id ${JSON.stringify(issue.actual)}: use 1-64 of a-z 0-9 . _ - starting with a letter or digit`,
  }),
);
