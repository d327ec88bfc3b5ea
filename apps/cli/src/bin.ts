// The CLI's entry, bundled as CommonJS and started by loader.ts (which answers `--version`
// itself). Each command group is evaluated only when named.
export const run = async (): Promise<void> => {
  const { main } = await import("./main.js");
  process.exitCode = await main(process.argv.slice(2));
};
