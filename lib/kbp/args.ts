import { parseArgs } from "node:util";

/*
 * The command line of `kbp`. Secrets never come from it (other local users can read a process's
 * arguments): an option that looks like one is refused with a pointer to the environment.
 */

export const USAGE = `Usage:
  kbp backup --portal URL --system NAME-OR-ID --out DIR
  kbp status --portal URL

The portal token comes from KBP_TOKEN; the storage user name, storage password and backup
password from KBP_STORAGE_USERNAME, KBP_STORAGE_PASSWORD and KBP_BACKUP_PASSWORD, or where
unset from standard input, one per line in that order. Never from arguments.`;

export type Command =
  | { command: "backup"; portal: string; system: string; out: string }
  | { command: "status"; portal: string }
  | { command: "help" };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const SECRET_LIKE = /pass|secret|token|key|cred/i;

function portalUrl(value: string | undefined): string {
  if (!value) throw new UsageError("Give the portal's address: --portal https://portal.example.");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--portal is not a URL: ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UsageError("--portal must be http(s).");
  if (url.username || url.password) throw new UsageError("--portal must not carry credentials; use KBP_TOKEN.");
  return url.origin + url.pathname.replace(/\/+$/, "");
}

export function parseCommand(argv: string[]): Command {
  for (const arg of argv) {
    const name = /^--?([^=]+)/.exec(arg)?.[1];
    if (name && SECRET_LIKE.test(name)) {
      throw new UsageError(`Secrets are never taken from arguments (${arg.split("=")[0]}); use the environment.`);
    }
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        portal: { type: "string" },
        system: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === "help") return { command: "help" };
  const [command, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`Unexpected argument: ${rest[0]}.`);
  if (command === "backup") {
    if (!values.system?.trim()) throw new UsageError("Give the system: --system NAME-OR-ID.");
    if (!values.out?.trim()) throw new UsageError("Give the folder for the file: --out DIR.");
    return { command, portal: portalUrl(values.portal), system: values.system.trim(), out: values.out };
  }
  if (command === "status") {
    if (values.system !== undefined || values.out !== undefined) {
      throw new UsageError("kbp status takes only --portal.");
    }
    return { command, portal: portalUrl(values.portal) };
  }
  throw new UsageError(command ? `Unknown command: ${command}.` : "Give a command: backup or status.");
}
