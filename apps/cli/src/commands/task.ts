// maestro task: the daily queue, a blocker graph of tasks with exactly-one-winner claims. One
// module per command under task/; this file only lists them.
import { registerGroup } from "../command.js";
import { block, unblock } from "./task/block.js";
import { cancel } from "./task/cancel.js";
import { claim } from "./task/claim.js";
import { create } from "./task/create.js";
import { heartbeat } from "./task/heartbeat.js";
import { history } from "./task/history.js";
import { list } from "./task/list.js";
import { mine } from "./task/mine.js";
import { plan } from "./task/plan.js";
import { ready } from "./task/ready.js";
import { releaseOwned } from "./task/release-owned.js";
import { reopen } from "./task/reopen.js";
import { show } from "./task/show.js";
import { status } from "./task/status.js";
import { stuck } from "./task/stuck.js";
import { unclaim } from "./task/unclaim.js";
import { update } from "./task/update.js";

export const register = registerGroup({
  name: "task",
  describe: "the daily queue: a blocker graph of tasks with exactly-one-winner claims",
  examples: ['maestro task create "Fix login timeout" --type bug -p P1', "maestro task ready --claim", 'maestro task update <id> --status completed --reason "patched"', "maestro task status"],
  options: (m) => m.option("session", { type: "string", describe: "who is working (default: $MAESTRO_SESSION, the actor, an agent session, or this terminal)" }),
  commands: [create, list, show, ready, claim, unclaim, heartbeat, releaseOwned, update, block, unblock, cancel, reopen, mine, stuck, status, plan, history],
});
