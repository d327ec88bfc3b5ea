import { registerGroup } from "../command.js";
import { exportCommand } from "./bundle/export.js";
import { inspect } from "./bundle/inspect.js";
import { verify } from "./bundle/verify.js";
import { importCommand } from "./bundle/import.js";

export const register = registerGroup({
  name: "bundle",
  describe: "portable .mission.tar.gz archives: export, inspect, verify, import",
  examples: ["maestro bundle export <mission-id> --include-handoffs", "maestro bundle import x.mission.tar.gz --as copy"],
  commands: [exportCommand, inspect, verify, importCommand],
});
