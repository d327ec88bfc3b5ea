import { registerGroup } from "../command.js";
import { list } from "./milestone/list.js";
import { show } from "./milestone/show.js";
import { moves } from "./milestone/moves.js";

export const register = registerGroup({
  name: "milestone",
  describe: "list, start, validate and seal milestones",
  examples: ["maestro milestone list --mission <id>", "maestro milestone seal implement --mission <id>"],
  commands: [list, show, ...moves],
});
