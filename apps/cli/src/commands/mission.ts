import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import type { MissionAction } from "@maestro/core/mission/decide";
import { progressOf, activeMilestoneOf } from "@maestro/core/mission/queries";
import { WORKFLOW_NAMES } from "@maestro/core/mission/workflows";
import { readInputFile } from "@maestro/engine/input";
import { listMissions, loadMission } from "@maestro/engine/missions";
import { MISSION_STATUSES } from "@maestro/core/mission/statuses";
import { atOf, ctxOf, oneOf, withAt, withTimeAt } from "../args.js";
import { missionOf } from "../mission-arg.js";
import { print, printJson, statusColor, table, dim } from "../output.js";
import { eventsText, missionText } from "../render.js";

/** the use cases that write, loaded only by the commands that write (reads stay clear of Schema) */
const commands = () => import("@maestro/engine/mission-commands");

const ACTIONS: readonly [MissionAction, string][] = [
  ["approve", "approve a draft mission"],
  ["reject", "reject a draft mission"],
  ["start", "start executing an approved mission (the first feature update does this too)"],
  ["pause", "pause an executing mission"],
  ["resume", "resume a paused mission"],
  ["complete", "complete a mission whose milestones are all sealed"],
  ["fail", "mark a mission failed"],
];

export const register = (y: Argv) =>
  y.command("mission", "create, inspect and move missions through their lifecycle", (m) => {
    m.example("maestro mission create --file plan.json", "");
    m.example("maestro mission approve <mission-id>", "");
    m.example("maestro mission show --at 5 --json", "");
    m.command(
      defineCommand({
        command: "create",
        describe: "create a mission from a JSON plan file",
        builder: (b) =>
          b
            .option("file", { alias: "f", type: "string", demandOption: true, describe: "plan.json, or - for stdin" })
            .option("workflow", { type: "string", describe: `make the milestones from a template (the plan then lists none): ${WORKFLOW_NAMES.join(" | ")}` })
            .example("maestro mission create --file plan.json", "")
            .example("maestro mission create --file features.json --workflow plan-review-implement", ""),
        handler: async (a) => {
          const ctx = ctxOf(a);
          const d = await (await commands()).createMission(ctx, readInputFile(a.file!), a.file!, a.workflow);
          if (a.json) printJson(d);
          else print(`created mission ${d.mission.id} "${d.mission.title}" (draft: ${Object.keys(d.milestones).length} milestones, ${Object.keys(d.features).length} features, ${Object.keys(d.assertions).length} assertions)\nnext: maestro mission approve ${d.mission.id}`);
        },
      }),
    );
    m.command(
      defineCommand({
        command: "list",
        describe: "list missions with status and progress",
        builder: (b) => withTimeAt(b.option("status", { type: "string", describe: `only missions with this status: ${MISSION_STATUSES.join(" | ")}` })),
        handler: async (a) => {
          const status = a.status === undefined ? undefined : oneOf("status", a.status, MISSION_STATUSES);
          const all = (await listMissions(ctxOf(a), atOf(a).at)).filter((d) => !status || d.mission.status === status);
          if (a.json) return printJson(all.map((d) => ({ ...d.mission, progress: progressOf(d), activeMilestone: activeMilestoneOf(d)?.id ?? null })));
          if (!all.length) return print("no missions; create one with `maestro mission create --file plan.json`");
          print(
            table([
              ["ID", "STATUS", "FEATURES", "ASSERTIONS", "MILESTONE", "TITLE"].map(dim),
              ...all.map((d) => {
                const p = progressOf(d);
                return [d.mission.id, statusColor(d.mission.status), `${p.features.done}/${p.features.total}`, `${p.assertions.passed}/${p.assertions.total}`, activeMilestoneOf(d)?.id ?? "-", d.mission.title];
              }),
            ]),
          );
        },
      }),
    );
    m.command(
      defineCommand({
        command: "show [id]",
        describe: "show a mission: milestones, features, assertions, progress",
        builder: (b) => withAt(b.positional("id", { type: "string", describe: "mission id (optional when one is active)" })),
        handler: async (a) => {
          const ctx = ctxOf(a);
          const { domain, folded } = (await loadMission(ctx, (await missionOf(ctx, { ...a, ...(a.id ? { mission: a.id } : {}) })), atOf(a)));
          if (a.json) printJson({ seq: folded.seq, ...domain, progress: progressOf(domain), checkpoints: folded.state.checkpoints });
          else print(missionText(domain, folded.seq));
        },
      }),
    );
    m.command(
      defineCommand({
        command: "update [id]",
        describe: "edit a mission's title, description or proposal",
        builder: (b) =>
          b
            .positional("id", { type: "string", describe: "mission id (optional when one is active)" })
            .option("title", { type: "string", describe: "one line" })
            .option("description", { type: "string" })
            .option("proposal", { type: "string", describe: "the approach, carried into every brief" }),
        handler: async (a) => {
          const ctx = ctxOf(a);
          const id = await missionOf(ctx, { ...a, ...(a.id ? { mission: a.id } : {}) });
          const r = await (await commands()).runMissionCommand(ctx, id, {
            type: "UpdateMission",
            ...(a.title !== undefined ? { title: a.title } : {}),
            ...(a.description !== undefined ? { description: a.description } : {}),
            ...(a.proposal !== undefined ? { proposal: a.proposal } : {}),
          });
          if (a.json) printJson({ events: r.events, mission: r.domain.mission });
          else print(r.events.length ? `mission ${id} updated: ${Object.keys(r.events[0]!.data).join(", ")}` : `mission ${id}: nothing to change`);
        },
      }),
    );
    for (const [action, describe] of ACTIONS)
      m.command(
        defineCommand({
          command: `${action} [id]`,
          describe: describe,
          builder: (b) => b.positional("id", { type: "string" }).option("reason", { type: "string", describe: "why (recorded on the event)" }),
          handler: async (a) => {
            const ctx = ctxOf(a);
            const id = (await missionOf(ctx, { ...a, ...(a.id ? { mission: a.id } : {}) }));
            const r = await (await commands()).runMissionCommand(ctx, id, { type: "ChangeMissionStatus", action, ...(a.reason ? { reason: a.reason } : {}) });
            if (a.json) printJson({ events: r.events, mission: r.domain.mission });
            else print(`mission ${id} is ${r.domain.mission.status}\n${eventsText(r.events)}`);
          },
        }),
      );
    return m.demandCommand(1, "name a mission command; see `maestro mission --help`");
  });
