// maestro reply schema: print the JSON Schema of a reply report (generated from the Schema that decodes replies).
import { defineCommand } from "../../command.js";
import { printJson } from "../../output.js";

export const schema = defineCommand({
  command: "schema",
  describe: "print the JSON Schema of a reply report (generated from the Schema that decodes replies)",
  builder: (b) => b,
  handler: async () => {
    const { replyReportJsonSchema } = await import("@maestro/core/mission/reply");
    printJson(replyReportJsonSchema());
  },
});
