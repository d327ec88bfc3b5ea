import { registerGroup } from "../command.js";
import { write } from "./reply/write.js";
import { schema } from "./reply/schema.js";
import { list } from "./reply/list.js";
import { show } from "./reply/show.js";

export const register = registerGroup({
  name: "reply",
  describe: "an agent's outcome for a feature, gated by principles",
  examples: ["maestro reply write auth-impl --mission <id> --outcome completed --file report.json", "maestro reply show auth-impl --mission <id>", "maestro reply schema"],
  commands: [write, schema, list, show],
});
