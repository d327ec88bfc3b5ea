// Graph helpers shared by plans (dependsOn) and the task graph (blockers).

/** A cycle in a directed graph, as the path that closes it, or undefined. */
export const findCycle = (edges: ReadonlyMap<string, readonly string[]>): string[] | undefined => {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    const s = state.get(n);
    if (s === "done") return undefined;
    if (s === "visiting") return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, "visiting");
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const n of edges.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
};
