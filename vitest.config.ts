import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts"],
    setupFiles: ["packages/testkit/src/seed.ts"],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // CLI tests spawn many processes; the machine has two cores
    maxWorkers: 2,
  },
});
