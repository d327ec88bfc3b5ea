// What an agent host's hook hands us on stdin (Claude Code, Codex and Gemini CLI send JSON with
// their session id), and the session a hook acts as. A hook never waits on a terminal and never
// fails its host: whatever it cannot read is nothing.
import { fstatSync, readFileSync } from "node:fs";
import { io } from "./io.js";

export const hookPayload = (): { session_id?: unknown } => {
  try {
    if (fstatSync(0).isCharacterDevice()) return {};
    const text = readFileSync(0, "utf8");
    const v: unknown = text.trim() ? JSON.parse(text) : {};
    return v !== null && typeof v === "object" ? v : {};
  } catch {
    return {};
  }
};

/** `<agent>:<host session id>` from the payload, unless MAESTRO_SESSION (a handoff's) or --session says who acts. */
export const hookSession = (payload: { session_id?: unknown }, agent: string | undefined, session: string | undefined): string | undefined =>
  typeof payload.session_id === "string" && payload.session_id.trim() && !io().env["MAESTRO_SESSION"] && !session ? `${agent ?? "agent"}:${payload.session_id.trim()}` : undefined;
