// The limits of user text, checked once where input enters: a one-line field (a title, a
// label, an actor) is at most 200 characters with no control or bidi-override character; free
// text (a description, a note) at most 10 KB. Output escapes what slips past (cli/output.ts).
export const LINE_MAX = 200;
export const TEXT_MAX = 10_240;

// C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// free text may hold newlines and tabs
const UNSAFE_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Why `value` is no one-line field, in words (undefined when it is one). */
export const lineProblem = (value: string): string | undefined =>
  value.length > LINE_MAX ? `is ${value.length} characters; at most ${LINE_MAX}` : UNSAFE_LINE.test(value) ? "must be one line of printable text (no newline, escape or direction-override character)" : undefined;

/** Why `value` is no free text, in words (undefined when it is). */
export const textProblem = (value: string): string | undefined =>
  value.length > TEXT_MAX ? `is ${value.length} characters; at most ${TEXT_MAX}` : UNSAFE_TEXT.test(value) ? "must be printable text (no escape or direction-override character)" : undefined;

// what a terminal would obey: C0 but newline and tab, DEL, C1, bidi embeddings/overrides/isolates
const UNSAFE_SHOWN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\uFDD0\uFDD1]/g;
const spelled = (c: string) => {
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`;
};
/** Text as a terminal may show it: every character it would obey spelled out (`\x1b`, `\u202e`). */
export const escapeControls = (s: string): string => s.replace(UNSAFE_SHOWN, spelled);
