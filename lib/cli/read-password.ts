import "server-only";

/** Reads up to the first line break (or the end) of a non-interactive stdin, then lets go of it. */
async function readFirstLine(input: NodeJS.ReadStream): Promise<string> {
  let text = "";
  for await (const chunk of input) {
    text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
    if (/[\r\n]/.test(text)) break;
  }
  input.pause();
  return text.split(/\r?\n|\r/)[0] ?? "";
}

/** Asks on the terminal with echo off, so the password shows neither on screen nor in scrollback. */
function promptHidden(input: NodeJS.ReadStream, output: NodeJS.WriteStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(prompt);
    input.setRawMode(true);
    input.resume();
    input.setEncoding("utf8");
    let value = "";
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener("data", onData);
      output.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n" || char === "\u0004") return finish();
        if (char === "\u0003") return finish(new Error("Cancelled."));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else if (char >= " ") value += char;
      }
    };
    input.on("data", onData);
  });
}

/**
 * The password for a CLI command, from standard input only (never argv, which other local users
 * can read in the process list): typed twice without echo on a terminal, else the first line.
 */
export async function readPassword(
  prompt: string,
  io: { input: NodeJS.ReadStream; output: NodeJS.WriteStream } = { input: process.stdin, output: process.stderr },
): Promise<string> {
  if (!io.input.isTTY) return readFirstLine(io.input);
  const first = await promptHidden(io.input, io.output, `${prompt}: `);
  const second = await promptHidden(io.input, io.output, "Repeat it: ");
  if (first !== second) throw new Error("The two passwords differ; nothing was changed.");
  return first;
}
