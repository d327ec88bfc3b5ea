// Memory (the `.maestro/memory/` stream): corrections (rules the operator set), learnings
// (what agents found out), and guidance compiled from learnings. Everything here is pure and
// deterministic: the same events give the same guidance, recall and lint.
import * as Either from "effect/Either";
import MiniSearch from "minisearch";
import picomatch from "picomatch";
import { stemmer } from "stemmer";
import { streamCodec } from "../codec.js";
import { own, type Recorded, type StreamKind } from "../envelope.js";
import type { GuidanceItem, MemoryEvent, Severity } from "./events.js";
import type { MemoryCommand } from "./commands.js";
import { Conflict, InvalidInput, NotFound, type DomainError } from "../errors.js";
import { step } from "../machine.js";
import { MEMORY_TRANSITIONS } from "./values.js";

export interface Correction {
  readonly kind: "correction";
  readonly id: string;
  readonly rule: string;
  readonly keywords: readonly string[];
  readonly files: readonly string[];
  readonly severity: Severity;
  readonly at: string;
  readonly by: string;
}
export interface Learning {
  readonly kind: "learning";
  readonly id: string;
  readonly text: string;
  readonly branch: string | null;
  readonly at: string;
  readonly by: string;
}
export type MemoryEntry = Correction | Learning;

export interface MemoryState {
  readonly seq: number;
  readonly entries: Readonly<Record<string, MemoryEntry>>;
  readonly forgotten: Readonly<Record<string, string>>;
  readonly guidance: readonly GuidanceItem[];
  readonly compiledAt: string | null;
}

export const evolveMemory = (s: MemoryState, e: Recorded<MemoryEvent>): MemoryState => {
  const next = { ...s, seq: e.seq };
  switch (e.type) {
    case "CorrectionAdded":
      return { ...next, entries: { ...s.entries, [e.data.id]: { kind: "correction", ...e.data, at: e.at, by: e.actor } } };
    case "LearningAdded":
      return { ...next, entries: { ...s.entries, [e.data.id]: { kind: "learning", ...e.data, at: e.at, by: e.actor } } };
    case "GuidanceCompiled":
      return { ...next, guidance: e.data.guidance, compiledAt: e.at };
    case "MemoryForgotten":
      // (two clones forgetting one entry: the second is a no-op, the first time stands)
      return step(MEMORY_TRANSITIONS, own(s.forgotten, e.data.id) ? "forgotten" : "live", "live", "forgotten") === "apply" ? { ...next, forgotten: { ...s.forgotten, [e.data.id]: e.at } } : next;
    default: {
      const never: never = e;
      return never;
    }
  }
};

export const memoryStream: StreamKind<MemoryState, MemoryEvent> = {
  name: "memory",
  stateVersion: 1,
  initial: { seq: 0, entries: {}, forgotten: {}, guidance: [], compiledAt: null },
  evolve: evolveMemory,
  codec: streamCodec("memory", () => import("./events.js").then((m) => m.memoryCodec)),
};

export const liveEntries = (s: MemoryState): MemoryEntry[] => Object.values(s.entries).filter((x) => !s.forgotten[x.id]).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
export const corrections = (s: MemoryState) => liveEntries(s).filter((x): x is Correction => x.kind === "correction");
export const learnings = (s: MemoryState) => liveEntries(s).filter((x): x is Learning => x.kind === "learning");

/** Lowercase word stems, without the words that carry no meaning. */
const STOP = new Set(["the", "a", "an", "and", "or", "to", "of", "in", "on", "for", "with", "is", "are", "be", "it", "this", "that", "do", "not", "never", "always", "use", "when", "by", "as", "at", "from"]);
export const tokens = (text: string): string[] => (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !STOP.has(w)).map((w) => stemmer(w));
const bigrams = (ts: readonly string[]) => ts.slice(1).map((t, i) => `${ts[i]} ${t}`);
const jaccard = (a: readonly string[], b: readonly string[]) => {
  const A = new Set(a);
  const B = new Set(b);
  const inter = [...A].filter((x) => B.has(x)).length;
  return A.size + B.size === 0 ? 1 : inter / (A.size + B.size - inter);
};

export type { MemoryCommand } from "./commands.js";

export const decideMemory = (s: MemoryState, cmd: MemoryCommand): Either.Either<MemoryEvent[], DomainError> => {
  switch (cmd.type) {
    case "Correct": {
      const same = corrections(s).find((c) => c.rule.toLowerCase() === cmd.rule.trim().toLowerCase());
      if (same) return Either.left(new Conflict({ condition: "AlreadyExists", message: `the correction "${same.rule}" exists as ${same.id}; see \`maestro memory list\`` }));
      return Either.right([{ type: "CorrectionAdded", data: { id: cmd.id, rule: cmd.rule.trim(), keywords: cmd.keywords.map((k) => k.toLowerCase()), files: [...cmd.files], severity: cmd.severity } }]);
    }
    case "Learn": {
      return Either.right([{ type: "LearningAdded", data: { id: cmd.id, text: cmd.text.trim(), branch: cmd.branch } }]);
    }
    case "Compile":
      return Either.right([{ type: "GuidanceCompiled", data: { guidance: compileGuidance(learnings(s)), fromSeq: s.seq } }]);
    case "Forget": {
      const e = own(s.entries, cmd.id);
      if (!e) return Either.left(new NotFound({ condition: "MemoryEntryNotFound", message: `memory entry "${cmd.id}" not found; see \`maestro memory search\`` }));
      if (own(s.forgotten, cmd.id)) return Either.left(new InvalidInput({ condition: "NothingToChange", message: `memory entry "${cmd.id}" is forgotten already` }));
      return Either.right([{ type: "MemoryForgotten", data: { id: cmd.id, reason: cmd.reason ?? null } }]);
    }
  }
};

/** Near-identical learnings (same stems, or Jaccard >= 0.8) become one item; most repeated, then most recent, first. */
export const compileGuidance = (ls: readonly Learning[]): GuidanceItem[] => {
  const groups: { stems: string[]; items: Learning[] }[] = [];
  for (const l of ls) {
    const stems = tokens(l.text);
    const g = groups.find((x) => jaccard(x.stems, stems) >= 0.8);
    if (g) g.items.push(l);
    else groups.push({ stems, items: [l] });
  }
  return groups
    .map((g) => {
      const latest = g.items.reduce((a, b) => (b.at >= a.at ? b : a));
      return { text: latest.text, count: g.items.length, lastAt: latest.at, sourceIds: g.items.map((i) => i.id) };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt) || a.text.localeCompare(b.text));
};

export interface Recalled {
  readonly correction: Correction;
  readonly score: number;
  readonly why: readonly string[];
}

/** Corrections ranked by relevance to a task text and file paths; hard corrections always come along. */
export const recall = (s: MemoryState, o: { task?: string; files?: readonly string[]; limit?: number }): Recalled[] => {
  const taskStems = new Set(tokens(o.task ?? ""));
  const scored = corrections(s).map((c) => {
    const why: string[] = [];
    let score = 0;
    for (const k of c.keywords) if (tokens(k).some((t) => taskStems.has(t))) (score += 3), why.push(`keyword ${k}`);
    const ruleHits = tokens(c.rule).filter((t) => taskStems.has(t));
    if (ruleHits.length) (score += ruleHits.length), why.push(`words ${[...new Set(ruleHits)].join(",")}`);
    for (const g of c.files) {
      const match = picomatch(g, { dot: true });
      const hit = (o.files ?? []).find((f) => match(f));
      if (hit) (score += 4), why.push(`file ${hit} ~ ${g}`);
    }
    if (c.severity === "hard") why.push("hard");
    return { correction: c, score, why };
  });
  const relevant = scored.filter((r) => r.score > 0 || r.correction.severity === "hard");
  const hardFirst = (r: Recalled) => (r.correction.severity === "hard" ? 0 : 1);
  return relevant.sort((a, b) => b.score - a.score || hardFirst(a) - hardFirst(b) || b.correction.at.localeCompare(a.correction.at)).slice(0, o.limit ?? 10);
};

/** Full-text search over corrections and learnings, with stemmed words and prefix/fuzzy matching. */
export const searchMemory = (s: MemoryState, query: string, limit = 10) => {
  const docs = liveEntries(s).map((e) => ({ id: e.id, kind: e.kind, text: e.kind === "correction" ? `${e.rule} ${e.keywords.join(" ")}` : e.text }));
  const ms = new MiniSearch({ fields: ["text"], storeFields: ["kind", "text"], processTerm: (t) => (STOP.has(t.toLowerCase()) ? null : stemmer(t.toLowerCase())) });
  ms.addAll(docs);
  return ms.search(query, { prefix: true, fuzzy: 0.2 }).slice(0, limit).map((r) => ({ id: r.id as string, kind: r["kind"] as string, text: r["text"] as string, score: Math.round(r.score * 100) / 100 }));
};

export interface LintFinding {
  readonly kind: "duplicate" | "contradiction" | "stale";
  readonly ids: readonly string[];
  readonly message: string;
}

const NEGATION = /\b(never|don't|do not|avoid|no|without|must not|stop)\b/i;

export const lintMemory = (s: MemoryState, now: string, staleDays = 90): LintFinding[] => {
  const out: LintFinding[] = [];
  const cs = corrections(s);
  for (let i = 0; i < cs.length; i++)
    for (let j = i + 1; j < cs.length; j++) {
      const a = cs[i]!;
      const b = cs[j]!;
      const ta = tokens(a.rule);
      const tb = tokens(b.rule);
      const words = jaccard(ta, tb);
      // the same words in another order ("prefer X over Y" and "prefer Y over X") say the opposite
      const reordered = words >= 0.8 && jaccard(bigrams(ta), bigrams(tb)) < 0.5;
      if (words >= 0.4 && (NEGATION.test(a.rule) !== NEGATION.test(b.rule) || reordered))
        out.push({ kind: "contradiction", ids: [a.id, b.id], message: `"${a.rule}" and "${b.rule}" contradict each other; forget the one that is wrong` });
      else if (words >= 0.8) out.push({ kind: "duplicate", ids: [a.id, b.id], message: `"${a.rule}" and "${b.rule}" say the same; forget one` });
    }
  const cutoff = Date.parse(now) - staleDays * 86_400_000;
  for (const l of learnings(s)) if (Date.parse(l.at) < cutoff) out.push({ kind: "stale", ids: [l.id], message: `learning "${l.text.slice(0, 60)}" is older than ${staleDays} days; confirm or forget it` });
  return out;
};

export const memoryStats = (s: MemoryState) => {
  const cs = corrections(s);
  return {
    corrections: cs.length,
    hard: cs.filter((c) => c.severity === "hard").length,
    learnings: learnings(s).length,
    forgotten: Object.keys(s.forgotten).length,
    guidance: s.guidance.length,
    compiledAt: s.compiledAt,
  };
};
