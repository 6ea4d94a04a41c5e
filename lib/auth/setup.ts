import "server-only";

import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";

import { userActor } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { now, nowIso } from "@/lib/clock";
import { getDb } from "@/lib/db/connection";
import type { Database } from "@/lib/db/schema";
import { consumeSetupToken, insertSetupToken, invalidateSetupTokens } from "@/lib/db/setup-tokens";
import { countUsers, insertUser, UsernameTakenError, type User } from "@/lib/db/users";
import { getEnv } from "@/lib/env";
import { AppError, conflict, errorMessage } from "@/lib/errors";
import { logger } from "@/lib/log";
import type { SetupInput } from "@/lib/schemas/user";

import { assertPasswordPolicy } from "./password-policy";
import { hashPassword } from "./passwords";

/*
 * First run: with no user at all, nobody can sign in to create one. The portal then makes a
 * one-time token, keeps only its hash, and prints a link carrying it in the server log: whoever
 * can read the log of the server is trusted to become its first admin.
 */

export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60_000;

export function hashSetupToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const setupDone = () =>
  new AppError("FORBIDDEN", "The portal is already set up. Sign in, or ask an admin for an account.");
export const setupLinkInvalid = () =>
  new AppError(
    "FORBIDDEN",
    "This setup link is not valid: it was used already, has expired, or was replaced by a newer one. Restart the portal and use the link it prints in its log.",
  );

/** Whether the first admin still has to be created. */
export async function needsSetup(db: Kysely<Database>): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

/**
 * When no user exists, replaces any earlier setup token with a new one and returns the link, or
 * null when the portal is set up already.
 */
export interface IssueSetupLinkOptions {
  db: Kysely<Database>;
  /** The portal's address, which the link starts with. */
  baseUrl: string;
}

export async function issueSetupLink({ db, baseUrl }: IssueSetupLinkOptions): Promise<string | null> {
  if (!(await needsSetup(db))) return null;
  const token = randomBytes(32).toString("base64url");
  const at = now();
  // Only the newest link works: an old one lying in an old log is of no use.
  await invalidateSetupTokens(db, at.toISOString());
  await insertSetupToken(db, {
    tokenHash: hashSetupToken(token),
    expiresAt: new Date(at.getTime() + SETUP_TOKEN_TTL_MS).toISOString(),
    now: at.toISOString(),
  });
  const link = new URL("/setup", baseUrl);
  link.searchParams.set("token", token);
  return link.href;
}

const started = globalThis as typeof globalThis & { __keyBackupPortalSetupAnnounced?: Promise<void> };

/**
 * Called once at server start (instrumentation.ts); repeated calls in the same process, such as
 * Next.js dev reloads, do nothing.
 */
export function announceSetupAtStart(): Promise<void> {
  started.__keyBackupPortalSetupAnnounced ??= (async () => {
    const env = getEnv();
    const link = await issueSetupLink({ db: await getDb(), baseUrl: env.publicUrl ?? `http://localhost:${env.port}/` });
    if (!link) return;
    // The one deliberate exception to "no token in logs": this line is how the first admin
    // gets in. The token is single-use, expires in 24 hours and dies once any user exists.
    logger.warn(
      { event: "setup.link", expiresInHours: SETUP_TOKEN_TTL_MS / 3_600_000 },
      `No user exists yet. Open this one-time link to create the first admin: ${link}`,
    );
  })().catch((error: unknown) => {
    started.__keyBackupPortalSetupAnnounced = undefined;
    logger.error(
      { event: "setup.link_failed", err: { message: errorMessage(error) } },
      "could not prepare first-run setup",
    );
  });
  return started.__keyBackupPortalSetupAnnounced;
}

export interface CompleteSetupOptions {
  db: Kysely<Database>;
  /** The setup token from the link, and the first admin's name and password. */
  input: SetupInput;
  /** The address the setup comes from, for the audit log. */
  clientIp: string | null;
}

/**
 * Creates the first admin with a setup token. The token is consumed by one conditional update
 * inside the transaction that creates the user, so it works once, and never once a user exists.
 */
export async function completeSetup({ db, input, clientIp }: CompleteSetupOptions): Promise<User> {
  if (!(await needsSetup(db))) throw setupDone();
  // Before the token is spent: a refused password must not cost the link.
  assertPasswordPolicy(input.password, { username: input.username });
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashSetupToken(input.token);
  return db.transaction().execute(async (trx) => {
    const at = nowIso();
    if (!(await consumeSetupToken(trx, tokenHash, at))) throw setupLinkInvalid();
    if (!(await needsSetup(trx))) throw setupDone();
    let user: User;
    try {
      user = await insertUser(trx, { username: input.username, role: "admin", passwordHash, now: at });
    } catch (error) {
      if (error instanceof UsernameTakenError) throw conflict("That username is taken; choose another.");
      throw error;
    }
    await invalidateSetupTokens(trx, at);
    const actor = userActor(user, clientIp);
    const target = { type: "user", id: user.id, label: user.username };
    await recordAudit({ db: trx, actor, action: "setup.completed", target, outcome: "success" });
    await recordAudit({
      db: trx,
      actor,
      action: "user.created",
      target,
      outcome: "success",
      detail: { role: "admin" },
    });
    return user;
  });
}
