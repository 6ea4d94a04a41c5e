import { UsageError } from "./args";

/*
 * The secrets of a backup run: from the environment, or where unset from standard input (one per
 * line, in the order below; on a terminal, asked for on stderr without echo). Never argv.
 */

export interface BackupSecrets {
  storageUsername: string;
  storagePassword: string;
  backupPassword: string;
}

const FIELDS = [
  { key: "storageUsername", env: "KBP_STORAGE_USERNAME", prompt: "Storage user name", hidden: false },
  { key: "storagePassword", env: "KBP_STORAGE_PASSWORD", prompt: "Storage password", hidden: true },
  { key: "backupPassword", env: "KBP_BACKUP_PASSWORD", prompt: "Backup password", hidden: true },
] as const;

export interface SecretIo {
  env: NodeJS.ProcessEnv;
  input: NodeJS.ReadStream;
  output: NodeJS.WritableStream;
}

export function readToken(env: NodeJS.ProcessEnv): string {
  const token = env.KBP_TOKEN?.trim();
  if (!token) throw new UsageError("Set KBP_TOKEN to a service token of the portal (kbp_…).");
  return token;
}

/** Reads `count` lines from a non-interactive stdin, then lets go of it. */
async function readLines(input: NodeJS.ReadStream, count: number): Promise<string[]> {
  let text = "";
  for await (const chunk of input) {
    text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
    if ((text.match(/\r?\n/g)?.length ?? 0) >= count) break;
  }
  input.pause();
  return text.split(/\r?\n/).slice(0, count);
}

function prompt(input: NodeJS.ReadStream, output: NodeJS.WritableStream, label: string, hidden: boolean) {
  return new Promise<string>((resolve, reject) => {
    output.write(`${label}: `);
    if (hidden) input.setRawMode(true);
    input.resume();
    input.setEncoding("utf8");
    let value = "";
    const finish = (error?: Error) => {
      if (hidden) input.setRawMode(false);
      input.pause();
      input.removeListener("data", onData);
      if (hidden) output.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n" || char === "\u0004") return finish();
        if (char === "\u0003") return finish(new UsageError("Cancelled."));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else if (char >= " ") value += char;
      }
    };
    input.on("data", onData);
  });
}

export async function readSecrets(io: SecretIo): Promise<BackupSecrets> {
  const values: Partial<Record<keyof BackupSecrets, string>> = {};
  const missing = FIELDS.filter((field) => {
    const value = io.env[field.env];
    if (value) values[field.key] = value;
    return !value;
  });
  if (missing.length > 0) {
    const lines = io.input.isTTY
      ? await missing.reduce<Promise<string[]>>(
          async (done, field) => [...(await done), await prompt(io.input, io.output, field.prompt, field.hidden)],
          Promise.resolve([]),
        )
      : await readLines(io.input, missing.length);
    missing.forEach((field, index) => {
      const value = lines[index];
      if (!value) throw new UsageError(`Set ${field.env} or give the ${field.prompt.toLowerCase()} on stdin.`);
      values[field.key] = value;
    });
  }
  return values as BackupSecrets;
}
