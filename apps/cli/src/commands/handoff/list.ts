// maestro handoff list: this project's launches (the store is global: --all-projects for every one), oldest first.
import { defineCommand } from "../../command.js";
import { AGENT_NAMES, HANDOFF_STATUSES } from "@maestro/core/handoff/values";
import { listHandoffs } from "@maestro/engine/handoffs";
import { atOf, oneOf, sessionCtxOf, withTimeAt } from "../../args.js";
import { dim, print, printJson, statusColor, table } from "../../output.js";

export const list = defineCommand({
  command: "list",
  describe: "this project's launches (the store is global: --all-projects for every one), oldest first",
  builder: (b) =>
    withTimeAt(b)
      .option("status", { type: "string", describe: HANDOFF_STATUSES.join(" | ") })
      .option("agent", { type: "string", describe: AGENT_NAMES.join(" | ") })
      .option("all-projects", { type: "boolean", describe: "every project's launches, not only this one's" }),
  handler: async (a) => {
    const status = a.status === undefined ? undefined : oneOf("status", a.status, HANDOFF_STATUSES);
    const agent = a.agent === undefined ? undefined : oneOf("agent", a.agent, AGENT_NAMES);
    const all = (await listHandoffs(sessionCtxOf(a), { allProjects: a.allProjects === true, ...atOf(a) })).filter((h) => (!status || h.status === status) && (!agent || h.agent === agent));
    if (a.json) return printJson(all);
    if (!all.length) return print("no handoffs");
    print(table([["ID", "AGENT", "MODEL", "STATUS", "EXIT", "CREATED", "PICKED UP", "TASK"].map(dim), ...all.map((h) => [h.id, h.agent, h.model ?? "-", statusColor(h.status), h.exitCode === null ? "-" : String(h.exitCode), h.createdAt, h.consumedAt ? "yes" : "no", h.task.slice(0, 50)])]));
  },
});
