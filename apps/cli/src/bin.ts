// The `maestro` bin. `--version` answers before anything else is loaded.
declare const MAESTRO_VERSION: string;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`${MAESTRO_VERSION}\n`);
} else {
  const { main } = await import("./main.js");
  process.exitCode = await main(argv);
}
