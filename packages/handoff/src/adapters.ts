// Agent adapters: how to start each agent CLI non-interactively with the brief on stdin, in its
// machine-readable mode (what it did and used, read by usage.ts). argv arrays only, never a
// shell string. Verified against the real CLIs (`npm run accept:agents`):
//   codex exec --json [-m MODEL] [-C DIR] --skip-git-repo-check -        (`-`: prompt from stdin)
//   claude -p --output-format stream-json --verbose [--model MODEL]      (prompt from stdin)
//   gemini -p <instruction> --output-format stream-json [-m MODEL]       (stdin is prepended to -p)
import type { AgentName } from "@maestro/core/handoff/events";

/** The binary, its default model and extra flags are config keys (`agents.<name>.*`). */
export interface Adapter {
  readonly bin: string;
  /** env var that overrides the binary (named in errors) */
  readonly binEnv: string;
  readonly argv: (o: { model: string | null; targetDir: string; extra: readonly string[] }) => string[];
}

export const GEMINI_INSTRUCTION = "Follow the task brief given on standard input. Work in the current directory.";

export const ADAPTERS: Readonly<Record<AgentName, Adapter>> = {
  codex: {
    bin: "codex",
    binEnv: "MAESTRO_CODEX_BIN",
    argv: ({ model, targetDir, extra }) => ["exec", "--json", ...(model ? ["-m", model] : []), "-C", targetDir, "--skip-git-repo-check", ...extra, "-"],
  },
  claude: {
    bin: "claude",
    binEnv: "MAESTRO_CLAUDE_BIN",
    argv: ({ model, extra }) => ["-p", "--output-format", "stream-json", "--verbose", ...(model ? ["--model", model] : []), ...extra],
  },
  gemini: {
    bin: "gemini",
    binEnv: "MAESTRO_GEMINI_BIN",
    argv: ({ model, extra }) => ["-p", GEMINI_INSTRUCTION, "--output-format", "stream-json", ...(model ? ["-m", model] : []), ...extra],
  },
};
