import { parseCommand, USAGE, UsageError } from "./args";
import { runBackupCommand, type BackupProgress } from "./backup";
import { EXIT, KbpError, logLine, type Outcome } from "./outcome";
import { readSecrets, readToken } from "./secrets";
import { fleetStatus } from "./status";

/*
 * `kbp`, the command for scheduled backups (bin/kbp.mjs runs it): `kbp backup` and `kbp status`.
 * It talks to the portal only through its API with a service token, and imports nothing of the
 * portal but lib/schemas. Exit codes: lib/kbp/outcome.ts, documented in the README.
 */

interface Io {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  signal?: AbortSignal;
}

function failure(error: unknown): { outcome: Exclude<Outcome, "done">; code: string; message: string } {
  if (error instanceof UsageError) return { outcome: "usage", code: "USAGE", message: error.message };
  if (error instanceof KbpError) return { outcome: error.outcome, code: error.code, message: error.message };
  return { outcome: "transfer", code: "UNEXPECTED", message: (error as Error)?.message ?? String(error) };
}

export async function main(io: Io): Promise<number> {
  let command;
  try {
    command = parseCommand(io.argv);
  } catch (error) {
    io.stderr.write(`kbp: ${failure(error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (command.command === "help") {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.done;
  }

  if (command.command === "status") {
    try {
      const portal = { url: command.portal, token: readToken(io.env) };
      const { table, allUpToDate } = await fleetStatus(portal);
      io.stdout.write(`${table}\n`);
      return allUpToDate ? EXIT.done : EXIT.attention;
    } catch (error) {
      const { outcome, code, message } = failure(error);
      io.stderr.write(`kbp: ${code}: ${message}\n`);
      return EXIT[outcome];
    }
  }

  const progress: BackupProgress = {};
  let outcome: Outcome = "done";
  let detail: { code?: string; message?: string } = {};
  try {
    const portal = { url: command.portal, token: readToken(io.env) };
    const secrets = await readSecrets({ env: io.env, input: io.stdin, output: io.stderr });
    await runBackupCommand({ portal, system: command.system, out: command.out, secrets, signal: io.signal }, progress);
  } catch (error) {
    const failed = failure(error);
    outcome = failed.outcome;
    detail = { code: failed.code, message: failed.message };
    io.stderr.write(`kbp: ${failed.code}: ${failed.message}\n`);
  }
  io.stdout.write(`${logLine({ outcome, system: command.system, ...progress, ...detail })}\n`);
  return EXIT[outcome];
}
