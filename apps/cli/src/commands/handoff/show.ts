// maestro handoff show: a launch record, its prompt path and the tail of its output.
import { defineCommand } from "../../command.js";
import { loadHandoff, outputTail } from "@maestro/engine/handoffs";
import { atOf, sessionCtxOf, withAt } from "../../args.js";
import { bold, dim, print, printJson } from "../../output.js";
import { recordText } from "./shared.js";

export const show = defineCommand({
  command: "show <id>",
  describe: "a launch record, its prompt path and the tail of its output",
  builder: (b) => withAt(b.positional("id", { type: "string", demandOption: true }).option("lines", { type: "number", default: 20, describe: "how many lines of output.log to show" })),
  handler: async (a) => {
    const rec = (await loadHandoff(sessionCtxOf(a), a.id!, atOf(a).at));
    const tail = outputTail(rec, a.lines);
    if (a.json) return printJson({ ...rec, outputTail: tail });
    print(recordText(rec));
    print(`\n${bold("output")} ${dim(`(last ${a.lines} lines)`)}\n${tail.map((l) => `  ${l}`).join("\n") || dim("  (empty)")}`);
  },
});
