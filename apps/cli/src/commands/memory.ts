import { registerGroup } from "../command.js";
import { correct } from "./memory/correct.js";
import { learn } from "./memory/learn.js";
import { compile } from "./memory/compile.js";
import { recallCommand } from "./memory/recall.js";
import { search } from "./memory/search.js";
import { stats } from "./memory/stats.js";
import { lint } from "./memory/lint.js";
import { list } from "./memory/list.js";
import { forget } from "./memory/forget.js";

export const register = registerGroup({
  name: "memory",
  describe: "corrections and learnings that feed back into every brief",
  examples: ["maestro memory correct \"Never log tokens\" --keywords auth --severity hard", "maestro memory recall --task \"fix the login bug\""],
  commands: [correct, learn, compile, recallCommand, search, stats, lint, list, forget],
});
