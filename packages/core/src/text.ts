// The limits of user text, checked once where input enters: a one-line field (a title, a
// label, an actor) is at most 200 characters with no control or bidi-override character; free
// text (a description, a note) at most 10 KB. Output escapes what slips past (cli/output.ts).
export const LINE_MAX = 200;
export const TEXT_MAX = 10_240;

// what a terminal obeys: C0 but tab and newline, DEL, C1, and the bidi embeddings, overrides and isolates
const CONTROLS = "\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069";
const UNSAFE_TEXT = new RegExp(`[${CONTROLS}]`);
// one line: no tab or newline either
const UNSAFE_LINE = new RegExp(`[${CONTROLS}\\t\\n]`);
// shown: also the noncharacters cli/output.ts marks its colours with
const UNSAFE_SHOWN = new RegExp(`[${CONTROLS}\\uFDD0\\uFDD1]`, "g");
// in JSON: what JSON.stringify leaves raw (it escapes C0 itself)
const RAW_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\uFDD0\uFDD1]/g;

/** Why `value` is no one-line field, in words (undefined when it is one). */
export const lineProblem = (value: string): string | undefined =>
  value.length > LINE_MAX ? `is ${value.length} characters; at most ${LINE_MAX}` : UNSAFE_LINE.test(value) ? "must be one line of printable text (no newline, escape or direction-override character)" : undefined;

/** Why `value` is no free text, in words (undefined when it is). */
export const textProblem = (value: string): string | undefined =>
  value.length > TEXT_MAX ? `is ${value.length} characters; at most ${TEXT_MAX}` : UNSAFE_TEXT.test(value) ? "must be printable text (no escape or direction-override character)" : undefined;

type Field = string | readonly string[] | undefined;
/** The first field over its limits, as `<name> <problem>`: `line` fields are one-line, `text` fields free text. */
export const fieldsProblem = (fields: { readonly line?: Readonly<Record<string, Field>>; readonly text?: Readonly<Record<string, Field>> }): string | undefined => {
  for (const [kind, check] of [[fields.line, lineProblem], [fields.text, textProblem]] as const)
    for (const [name, v] of Object.entries(kind ?? {}))
      for (const x of v === undefined ? [] : typeof v === "string" ? [v] : v) {
        const p = check(x);
        if (p) return `${name} ${p}`;
      }
  return undefined;
};

const spelled = (c: string) => {
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`;
};
/** Text as a terminal may show it: every character it would obey spelled out (`\x1b`, `\u202e`). */
export const escapeControls = (s: string): string => s.replace(UNSAFE_SHOWN, spelled);
/** JSON text with what a terminal would obey written as \u escapes: the same value, safe to print. */
export const escapeJsonControls = (json: string): string => json.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
