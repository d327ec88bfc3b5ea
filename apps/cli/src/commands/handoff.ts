import { registerGroup } from "../command.js";
import { launch } from "./handoff/launch.js";
import { list } from "./handoff/list.js";
import { show } from "./handoff/show.js";
import { pickup } from "./handoff/pickup.js";
import { supervise } from "./handoff/supervise.js";

export const register = registerGroup({
  name: "handoff",
  describe: "launch a fresh agent run with a self-contained brief; list, show and pick up launches",
  examples: ["maestro handoff list --status launched", "maestro handoff pickup --id <handoff-id>"],
  options: (m) => m.option("session", { type: "string", describe: "who is acting (default: $MAESTRO_SESSION, the actor, an agent session, or this terminal)" }),
  commands: [launch, list, show, pickup, supervise],
  demand: false,
});
