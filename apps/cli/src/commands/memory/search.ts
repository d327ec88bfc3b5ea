// maestro memory search: full-text search over corrections and learnings (stemmed).
import { defineCommand } from "../../command.js";
import { searchMemory } from "@maestro/core/memory/memory";
import { loadMemory } from "@maestro/engine/knowledge";
import { atOf, ctxOf, withAt } from "../../args.js";
import { print, printJson, table } from "../../output.js";

export const search = defineCommand({
  command: "search <query>",
  describe: "full-text search over corrections and learnings (stemmed)",
  builder: (b) => withAt(b.positional("query", { type: "string", demandOption: true }).option("limit", { type: "number", default: 10, describe: "at most this many" })),
  handler: async (a) => {
    const rs = searchMemory((await loadMemory(ctxOf(a), atOf(a).at)), a.query!, a.limit);
    if (a.json) return printJson(rs);
    print(rs.length ? table(rs.map((r) => [r.id, r.kind, String(r.score), r.text])) : "no matches");
  },
});
