import { registerGroup } from "../command.js";
import { show } from "./validate/show.js";
import { update } from "./validate/update.js";

export const register = registerGroup({
  name: "validate",
  describe: "show and update assertions",
  examples: ["maestro validate show --mission <id>", "maestro validate update auth-login-works --mission <id> --result passed --evidence \"pnpm test\""],
  commands: [show, update],
});
