// The maestro Agent Skills, from this one source (the open Agent Skills format: a folder named
// as the skill holding SKILL.md with `name` and `description` frontmatter). The hosts list
// each skill's name and description in the system prompt and load the body when the skill is
// used, so descriptions say when to use it and bodies stay short.
export interface Skill {
  readonly name: string;
  readonly description: string;
  readonly body: string;
}

export const SKILLS: readonly Skill[] = [
  {
    name: "maestro-task-loop",
    description: "Use when starting or continuing coding work in a repo that has a .maestro/ folder: claim a ready task, keep its continuation fresh, complete it with a reason.",
    body: `# The daily task loop

1. See where you stand: \`maestro prime\` (your task, its continuation, your handoff).
2. Hold nothing? Take the top ready task: \`maestro task ready --claim\` (filters: \`--label\`, \`--priority\`, \`--type\`).
   Exit 3 means another session won the race: run it again for the next one.
3. While you work, leave the next agent a way in:
   \`maestro task update <id> --current-state "what is done" --next-action "what comes next" --add-decision "a choice you made"\`
4. Blocked by other work? \`maestro task block <blocker> <yours>\`, then \`maestro task unclaim <yours>\`.
5. Done: \`maestro task update <id> --status completed --reason "what you did" --receipt <commit>\`.
   Will not be done: \`maestro task cancel <id> --reason "why"\`.

Never edit files under .maestro/ by hand; every change is an event in its log.
`,
  },
  {
    name: "maestro-mission-feature",
    description: "Use when your brief names a maestro mission feature: do the work, run its verification steps, and reply with maestro reply write and a JSON report the gates accept.",
    body: `# Running a mission feature to a reply

Your brief (stdin, or \`maestro handoff pickup\`) names the feature, its verification steps and the gates.

1. Read "What Was Tried": an earlier reply may have been sent back; its failed gates say why.
2. Do the work; run every verification step.
3. Write the report as JSON. \`maestro reply schema\` prints its JSON Schema. Gates read:
   - \`assumptions\`: at least one, for planning and implementation;
   - \`scopeDeclaration\`: the files you touched, e.g. \`{"files": ["src/a.ts"]}\`;
   - \`verificationResults\`: \`[{"check": "...", "passed": true}]\`, every one passed.
   \`salientSummary\` (one paragraph) is required.
4. Reply: \`maestro reply write <feature> --mission <id> --outcome completed --file report.json\`.
   A failed gate sends the feature back to pending with the reason: fix and reply again.
   Cannot finish: \`--outcome abandoned --notes "why"\`.
`,
  },
  {
    name: "maestro-handoff",
    description: "Use when handing work to a fresh agent run or resuming one: maestro handoff writes a self-contained brief and launches the agent; handoff pickup resumes a packet once.",
    body: `# Handing off and picking up

- Hand a feature to a fresh run: \`maestro handoff "what to do" --agent codex|claude|gemini --mission <id> --feature <f> [--task-id <t>] [--wait]\`.
  \`--wait\` exits 0 when the agent succeeded, 6 when it failed, 7 when it timed out, printing its output's tail.
- See runs: \`maestro handoff list\` (this project), \`maestro handoff show <id>\`.
- Resume a packet in a new session: \`maestro handoff pickup\` (the newest open packet of this project) or \`--id <id>\`.
  A packet is spent once; a task-linked one claims its task first and resumes only in its project.
- Before you stop mid-work, update the task's continuation (see maestro-task-loop) so the next run starts where you left off.
`,
  },
  {
    name: "maestro-plan-file",
    description: "Use when asked to plan work for maestro: write a mission plan JSON (milestones, features, fulfills) or a task plan JSON (tasks with batch-local names and blockedBy).",
    body: `# Writing a plan file

Mission plan (\`maestro mission create --file plan.json\`, or \`--workflow plan-implement\` and no milestones):

\`\`\`json
{ "title": "Add rate limiting", "proposal": "a token bucket per key",
  "milestones": [{ "id": "plan", "title": "Planning", "order": 0, "profile": "planning" },
                 { "id": "build", "title": "Build", "order": 1, "profile": "implementation" }],
  "features": [{ "id": "rl-plan", "milestoneId": "plan", "title": "Plan the limiter", "verificationSteps": ["review"] },
               { "id": "rl-build", "milestoneId": "build", "title": "Build it", "dependsOn": ["rl-plan"],
                 "fulfills": ["rl-429-after-limit"], "expectedBehavior": "429 after 100 req/min" }] }
\`\`\`

Task plan (\`maestro task plan --file tasks.json\`; rerunning the same batch creates nothing):

\`\`\`json
{ "batchId": "rate-limit-1", "tasks": [{ "name": "schema", "title": "Add the limits table" },
  { "name": "api", "title": "Enforce limits", "blockedBy": ["schema"], "priority": "P1" }] }
\`\`\`

Titles are one line of at most 200 characters; ids are lowercase letters, digits, \`.\`, \`_\`, \`-\`.
Check first with \`--dry-run\` (task plan) or read the error: it names the field.
`,
  },
];

/** SKILL.md of a skill: frontmatter (only the portable fields) and body. */
export const skillFile = (s: Skill): string => `---\nname: ${s.name}\ndescription: ${s.description}\n---\n\n${s.body}`;
