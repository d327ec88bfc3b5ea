import { registerGroup } from "../command.js";
import { events } from "./log/events.js";
import { verify } from "./log/verify.js";

export const register = registerGroup({
  name: "log",
  describe: "the audit trail: list events, or verify every log's chain",
  examples: ["maestro log --mission <id> --by codex:hof_x", "maestro log verify --json", "maestro log --conflicts"],
  commands: [events, verify],
  demand: false,
});
