import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { missionControl } from "@maestro/dashboard/index";
import { atOf, ctxOf } from "../args.js";
import { Exit, outFrame, print } from "../output.js";

export const register = (y: Argv) =>
  y.command(
    defineCommand({
      command: ["mission-control", "mc"],
      describe: "Mission Control: a live, read-only terminal dashboard (or one frame with --preview, the data with --json)",
      builder: (b) =>
        b
          .option("preview", { type: "string", describe: "print one frame of a screen (or all) and exit" })
          .option("size", { type: "string", describe: "WIDTHxHEIGHT for --preview and --render-check (default: this terminal)" })
          .option("format", { type: "string", describe: "plain | ansi (for --preview)" })
          .option("render-check", { type: "boolean", describe: "render every screen off-screen; fail if any line would be cut" })
          .option("mission", { alias: "m", type: "string", describe: "open on this mission" })
          .option("feature", { type: "string", describe: "open the features screen on this feature" })
          .option("at", { type: "string", describe: "with --preview or --json: the state as of an ISO time" })
          .example("maestro mc", "")
          .example("maestro mission-control --preview all --size 120x40", ""),
      handler: async (a) => {
        const r = await missionControl(ctxOf(a), { ...(a.json ? { json: true } : {}), ...(a.preview !== undefined ? { preview: a.preview } : {}), ...(a.size ? { size: a.size } : {}), ...(a.format ? { format: a.format } : {}), ...(a.renderCheck ? { renderCheck: true } : {}), ...(a.mission ? { mission: a.mission } : {}), ...(a.feature ? { feature: a.feature } : {}), ...atOf(a) });
        if (!r) return;
        if (a.json) print(r.out);
        else outFrame(r.out + "\n");
        if (r.code) throw new Exit(r.code);
      },
    }),
  );
