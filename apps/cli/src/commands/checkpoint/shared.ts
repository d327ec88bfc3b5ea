// What the checkpoint commands share.


/** the use cases that write, loaded only by the commands that write (reads stay clear of Schema) */
export const commands = () => import("@maestro/engine/mission-commands");
