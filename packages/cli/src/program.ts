// The `fleet` admin CLI: command tree and error handling. `run(argv)` resolves to the exit code.
import { Command, CommanderError } from "commander";
import { registerAccountCommands } from "./commands/accounts.ts";
import { registerDbCommands } from "./commands/db.ts";
import { registerKeyCommands } from "./commands/keys.ts";
import { registerSimulateCommand } from "./commands/simulate.ts";
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from "./errors.ts";

function errorText(message: string, json: boolean): string {
  const clean = message.replace(/^error:\s*/, "").trim();
  return json ? `${JSON.stringify({ error: { message: clean } })}\n` : `error: ${clean}\n`;
}

export function createProgram(json: boolean): Command {
  const program = new Command("fleet")
    .description("Fleet admin CLI: database, seed data, accounts and API keys")
    .option("--json", "print machine-readable JSON (also for errors, on stderr)")
    .showSuggestionAfterError()
    .configureHelp({ showGlobalOptions: true })
    // Errors surface as exceptions (handled in run), never as an abrupt process.exit.
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(errorText(message, json)) });
  registerDbCommands(program);
  registerAccountCommands(program);
  registerKeyCommands(program);
  registerSimulateCommand(program);
  return program;
}

export async function run(argv: string[]): Promise<number> {
  // Known before parsing, so even a parse error is reported in the requested format.
  const json = argv.includes("--json");
  const program = createProgram(json);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the message; `--help` and `--version` exit 0, a missing subcommand is a usage error.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(errorText(error.message, json));
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(errorText(message, json));
    return EXIT_FAILURE;
  }
}
