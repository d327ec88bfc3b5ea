import { registerGroup } from "../command.js";
import { save } from "./checkpoint/save.js";
import { list } from "./checkpoint/list.js";
import { restore } from "./checkpoint/restore.js";

export const register = registerGroup({
  name: "checkpoint",
  describe: "save, list and restore mission checkpoints (a checkpoint is an event seq)",
  examples: ["maestro checkpoint save --mission <id> --label before-seal", "maestro checkpoint restore <checkpoint-id> --mission <id>"],
  commands: [save, list, restore],
});
