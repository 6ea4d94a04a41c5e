import "server-only";

import { z } from "zod";

import { buildKeyFile } from "../backup-file";
import { backupPasswordViolation } from "../backup-password";
import { ApiError, errors } from "../errors";
import type { Reply } from "../reply";
import { acceptsOctetStream, parseJsonBody, parseWith } from "../request";
import { requireRole, type Handler, type HandlerInput } from "./handler";

const backupBody = z.strictObject({ parameters: z.strictObject({ password: z.string() }) });

/** The backup password of a request, if it sent one, for a careless array to repeat. */
function typedPassword(input: HandlerInput): string | undefined {
  try {
    const parsed = backupBody.safeParse(parseJsonBody(input.req, input.body));
    return parsed.success ? parsed.data.parameters.password : undefined;
  } catch {
    return undefined;
  }
}

export const backupKeys: Handler = (input) => {
  try {
    return backup(input);
  } catch (error) {
    const password = input.state.settings.echoPasswordInErrors ? typedPassword(input) : undefined;
    if (error instanceof ApiError && password !== undefined) throw error.echoing(password);
    throw error;
  }
};

const backup: Handler = ({ state, req, body, session }): Reply => {
  // The order of the checks decides which error a request with several problems gets.
  if (!acceptsOctetStream(req)) throw errors.notAcceptable();
  requireRole(state, session.user, "security-admin-modify");
  const settings = state.settings;
  if (settings.refusesKeyBackup) throw errors.unsupportedMicrocode();
  const json = parseJsonBody(req, body);
  if (json === undefined) throw errors.malformedBody("parameters.password is required");
  const { password } = parseWith(backupBody, json).parameters;
  const violation = backupPasswordViolation(password, state.config.passwordPolicy);
  if (violation) throw errors.invalidValue(`parameters.password: ${violation}`);
  // Only the calling user's own locks (any of its sessions) stop the backup, as the manual words it.
  if (state.lockedByUser(session.user.username)) {
    throw errors.lockedForBackup(settings.lockRefusalStatus, settings.lockRefusalForm);
  }
  if (settings.heldByOtherApplication) throw errors.heldByOtherApplication();

  const keys = state.listKeys();
  const file = buildKeyFile(
    { storageDeviceId: state.storageDeviceId, keys, paddingBytes: state.config.backupPaddingBytes },
    password,
  );
  return {
    status: 200,
    headers: { "Content-Type": "application/octet-stream", "Content-Disposition": "attachment" },
    body: file,
    framing: settings.backupFraming,
    // Only a request that passed every check meets a backup fault.
    fault: state.faults.take("backup"),
    onComplete: () => state.recordBackup(keys.map((key) => key.keyId)),
  };
};
