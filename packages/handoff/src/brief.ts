// The handoff brief: a self-contained markdown document with always the same eight sections,
// so a fresh agent run (or a person) finds things in the same place every time. Pure: the
// engine gathers the facts, this only lays them out. An empty section says so.
export const BRIEF_SECTIONS = ["Task", "Context", "Relevant Files", "Current State", "What Was Tried", "Decisions", "Acceptance Criteria", "Constraints"] as const;
export type BriefSection = (typeof BRIEF_SECTIONS)[number];

/** Each section is a list of markdown lines (bullets or paragraphs). */
export type BriefInput = { readonly title: string } & { readonly [K in BriefSection]: readonly string[] };

const EMPTY: Record<BriefSection, string> = {
  Task: "No task text was given.",
  Context: "No context recorded.",
  "Relevant Files": "No changed or recently touched files.",
  "Current State": "Nothing recorded yet: this is the first run.",
  "What Was Tried": "Nothing tried yet: no earlier handoffs or replies for this work.",
  Decisions: "No decisions recorded.",
  "Acceptance Criteria": "None recorded; state in your reply how you verified the work.",
  Constraints: "No constraints recorded.",
};

export const renderBrief = (b: BriefInput): string =>
  [`# ${b.title}`, ...BRIEF_SECTIONS.map((s) => `## ${s}\n\n${b[s].length ? b[s].join("\n") : `_${EMPTY[s]}_`}`)].join("\n\n") + "\n";
