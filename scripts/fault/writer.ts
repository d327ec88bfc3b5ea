// A writer process for concurrency and crash tests: appends N events to one mission stream
// through the engine, as N separate commands (lock, fold, decide, append each time).
// Usage: node dist/fault-writer.js <mission-id> <count>   (run in the workspace)
import { createContext } from "@maestro/engine/context";
import { runMissionCommand } from "@maestro/engine/missions";

const [missionId, count] = process.argv.slice(2);
const ctx = createContext();
const main = async () => {
  for (let i = 0; i < Number(count); i++) {
    await runMissionCommand(ctx, missionId!, { type: "SaveCheckpoint", checkpointId: ctx.newId("checkpoint"), label: `${process.pid}:${i}` });
  }
};
void main();
