// One command, declared once: its words, what it does, the options its builder declares, and a
// handler typed from that builder (Wrangler's createCommand, scaled down), so no handler casts
// its arguments. A group (`maestro task ...`) is a list of them.
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import type { Common } from "./args.js";

export interface Command<U = unknown> {
  readonly command: string | readonly string[];
  /** false hides the command from help (internal ones) */
  readonly describe: string | false;
  readonly builder: (y: Argv<Common>) => Argv<U>;
  readonly handler: (args: ArgumentsCamelCase<U> & Common) => Promise<void> | void;
}

export const defineCommand = <U>(c: Command<U>): Command => c as unknown as Command;

/**
 * A command group: its shared options and examples, then each command. Naming none is a usage
 * error, unless the group has a default command (`$0 ...`, `demand: false`).
 */
export const registerGroup =
  (g: { readonly name: string; readonly describe: string; readonly examples?: readonly string[]; readonly options?: (y: Argv) => Argv; readonly commands: readonly Command[]; readonly demand?: false }) =>
  (y: Argv): Argv =>
    y.command(g.name, g.describe, (m) => {
      for (const e of g.examples ?? []) m.example(e, "");
      const group = g.options ? g.options(m) : m;
      for (const c of g.commands) group.command(c as unknown as CommandModule);
      return g.demand === false ? group : group.demandCommand(1, `name a ${g.name} command; see \`maestro ${g.name} --help\``);
    });
