// maestro log verify: check every stream's hash chain, seq and schema; names the first bad line.
import { defineCommand } from "../../command.js";
import { relative } from "node:path";
import { verifyAll } from "@maestro/engine/log";
import { ctxOf } from "../../args.js";
import { Exit, err, green, print, printJson, red } from "../../output.js";
import { selectorOf, withMissionOption } from "./shared.js";

export const verify = defineCommand({
  command: "verify",
  describe: "check every stream's hash chain, seq and schema; names the first bad line",
  builder: (b) => withMissionOption(b),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const reports = (await verifyAll(ctx, selectorOf(a)));
    const bad = reports.filter((r) => !r.ok);
    if (a.json) printJson({ ok: bad.length === 0, streams: reports });
    else {
      for (const r of reports) {
        const torn = r.tornBytes ? ` (torn last write of ${r.tornBytes} bytes; the next append quarantines it)` : "";
        print(r.ok ? `${green("ok")}   ${r.stream}: ${r.events} events in ${r.segments} segment(s)${torn}` : `${red("BAD")}  ${r.stream}: ${relative(ctx.cwd, r.problem!.file)}:${r.problem!.line}: ${r.problem!.reason}`);
      }
      if (!reports.length) print("no streams yet");
    }
    if (bad.length) {
      if (!a.json) err(`error: ${bad.length} stream(s) failed verification; first: ${bad[0]!.stream} at ${relative(ctx.cwd, bad[0]!.problem!.file)}:${bad[0]!.problem!.line}\n`);
      throw new Exit(4);
    }
  },
});
