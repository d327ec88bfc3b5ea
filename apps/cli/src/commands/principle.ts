import { registerGroup } from "../command.js";
import { list } from "./principle/list.js";
import { show } from "./principle/show.js";
import { add } from "./principle/add.js";
import { update } from "./principle/update.js";
import { remove } from "./principle/remove.js";
import { outcome } from "./principle/outcome.js";
import { stats } from "./principle/stats.js";

export const register = registerGroup({
  name: "principle",
  describe: "behavioral principles: injected into briefs, gates scored against replies",
  examples: ["maestro principle list --profile implementation", "maestro principle stats"],
  commands: [list, show, add, update, remove, outcome, stats],
});
