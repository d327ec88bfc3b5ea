import { registerGroup } from "../command.js";
import { list } from "./feature/list.js";
import { show } from "./feature/show.js";
import { update } from "./feature/update.js";
import { prompt } from "./feature/prompt.js";

export const register = registerGroup({
  name: "feature",
  describe: "list, show and update features",
  examples: ["maestro feature list --mission <id> --status pending", "maestro feature update auth-impl --mission <id> --status review", "maestro feature prompt auth-impl --mission <id> --out agent-prompt.md"],
  commands: [list, show, update, prompt],
});
