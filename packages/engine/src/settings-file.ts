// The hosts' settings files we add entries to (JSON settings, Codex's TOML): read them as the
// user keeps them, write them back in the user's own style (one line stays one line, their
// indent stays theirs), and when nothing of the user's is left, remove the file and a folder
// that only held it, so uninstall leaves the project as install found it.
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { InvalidInput } from "@maestro/core/errors";

export type Json = Record<string, unknown>;

/** A host's JSON settings file: undefined when absent; anything but an object is refused (the user fixes it). */
export const readJson = (path: string): Json | undefined => {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, "utf8");
  if (!text.trim()) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return v as Json;
  } catch {
    // said below
  }
  throw new InvalidInput({ condition: "FileNotEditable", message: `${path} is not a JSON object; fix it by hand, then run this again` });
};

/** `j` as text in the style of `like` (the file's bytes before): its indent, or one line, and its final newline; two spaces for a new file. */
export const jsonText = (j: Json, like?: string): string => {
  if (like === undefined || !like.trim()) return JSON.stringify(j, null, 2) + "\n";
  const end = /\n$/.test(like) ? "\n" : "";
  if (!like.trimEnd().includes("\n")) return JSON.stringify(j) + end;
  return JSON.stringify(j, null, /^([ \t]+)\S/m.exec(like)?.[1] ?? 2) + end;
};

/** Writes a file we manage entries in, making its folder on the way. */
export const writeSettings = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

/** Removes a file that holds nothing of the user's, and its folder when that held only it (`.codex/`, `.gemini/`). */
export const removeSettings = (path: string, root: string) => {
  rmSync(path);
  const dir = dirname(path);
  if (dir !== root && readdirSync(dir).length === 0) rmdirSync(dir);
};
