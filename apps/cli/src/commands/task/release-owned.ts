// maestro task release-owned: freeing what a (crashed) session holds.
import { defineCommand } from "../../command.js";
import { print, printJson } from "../../output.js";
import { run } from "./write.js";

export const releaseOwned = defineCommand({
  command: "release-owned <owner>",
  describe: "give every task a session holds back to the queue (e.g. after it crashed)",
  builder: (b) => b.positional("owner", { type: "string", demandOption: true }),
  handler: async (a) => {
    const r = await run(a, () => ({ type: "ReleaseOwned", session: a.owner }));
    const ids = (r.events[0]?.data as { taskIds: string[] } | undefined)?.taskIds ?? [];
    if (a.json) printJson({ released: ids, events: r.events });
    else print(ids.length ? `released ${ids.join(", ")} from ${a.owner}` : `${a.owner} holds no task`);
  },
});
