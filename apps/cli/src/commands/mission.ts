import { registerGroup } from "../command.js";
import { create } from "./mission/create.js";
import { list } from "./mission/list.js";
import { show } from "./mission/show.js";
import { update } from "./mission/update.js";
import { moves } from "./mission/moves.js";

export const register = registerGroup({
  name: "mission",
  describe: "create, inspect and move missions through their lifecycle",
  examples: ["maestro mission create --file plan.json", "maestro mission approve <mission-id>", "maestro mission show --at 5 --json"],
  commands: [create, list, show, update, ...moves],
});
