// The engine's use cases that write, each loaded only by the commands that write, so the
// commands that read never evaluate effect's Schema (scripts/check-boundaries.mjs holds them to it).
export const missionWrites = () => import("@maestro/engine/mission-commands");
export const knowledgeWrites = () => import("@maestro/engine/knowledge-commands");
export const taskWrites = () => import("@maestro/engine/task-commands");
export const handoffWrites = () => import("@maestro/engine/handoff");
