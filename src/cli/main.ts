/**
 * The `ferrule` command: subcommand dispatch. Add a subcommand by adding an entry to COMMANDS.
 */
import { runCheck } from "./check";
import { processIo, type Io } from "./io";

interface Command {
  readonly summary: string;
  run(args: readonly string[], io: Io): Promise<number>;
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  check: { summary: "judge every channel of a site file", run: runCheck },
  // Loaded on use: it brings the server's router, which `check` does not need.
  api: { summary: "call a Ferrule server's API with a token", run: async (args, io) => (await import("./api")).runApi(args, io) },
  import: { summary: "import a site file, NetBox cables or device types into a server", run: async (args, io) => (await import("./import")).runImport(args, io) },
  export: { summary: "download a site's schedule, site file, NetBox CSV, report or labels", run: async (args, io) => (await import("./export")).runExport(args, io) },
};

export const USAGE = `Usage: ferrule <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
  .join("\n")}

Run "ferrule <command> --help" for a command's options.`;

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`ferrule: unknown command "${name}"\n${USAGE}\n`);
    return 2;
  }
  return command.run(rest, io);
}
