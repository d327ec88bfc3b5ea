import { registerGroup } from "../command.js";
import { events } from "./log/events.js";
import { settle } from "./log/settle.js";
import { verify } from "./log/verify.js";

export const register = registerGroup({
  name: "log",
  describe: "the audit trail: list events, verify every log's chain, settle merge conflicts",
  examples: ["maestro log --mission <id> --by codex:hof_x", "maestro log verify --json", "maestro log --conflicts", "maestro log settle --all"],
  commands: [events, verify, settle],
  demand: false,
});
