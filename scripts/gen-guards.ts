// Bundled and run by scripts/build.mjs: writes packages/core/src/guards.generated.ts.
import { writeFileSync } from "node:fs";
import { guardsSource } from "@maestro/core/guards-source";

writeFileSync(process.argv[2]!, guardsSource());
