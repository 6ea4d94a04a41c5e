import "server-only";

import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";

import { requireRole, type Actor } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { now } from "@/lib/clock";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Database } from "@/lib/db/schema";
import {
  insertServiceToken,
  listActiveServiceTokens,
  revokeServiceToken,
  type ServiceToken,
} from "@/lib/db/service-tokens";
import { findSystem } from "@/lib/db/storage-systems";
import { conflict, invalidField, notFound } from "@/lib/errors";
import type { CreatedToken, CreateTokenInput, PublicToken } from "@/lib/schemas/token";

import { hashToken, newTokenSecret } from "./token-secret";

const DAY_MS = 86_400_000;

export function toPublicToken(token: ServiceToken): PublicToken {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    systemIds: token.systemIds,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt,
  };
}

function nameTaken(name: string) {
  return conflict(`A token named "${name}" exists already. Choose another name, or revoke that one first.`);
}

/**
 * Creates a service token: answers the token once; only its SHA-256 is kept. Admins only,
 * audited `token.created`.
 */
export async function createToken({
  db,
  actor,
  input,
}: {
  db: Kysely<Database>;
  actor: Actor;
  input: CreateTokenInput;
}): Promise<CreatedToken> {
  requireRole(actor, "admin", "manage tokens");
  const systemIds = input.systemIds ? [...new Set(input.systemIds)] : null;
  for (const systemId of systemIds ?? []) {
    const system = await findSystem(db, systemId);
    if (!system || system.removedAt) throw invalidField("systemIds", "Pick registered systems only.");
  }
  const at = now();
  const id = randomUUID();
  const token = newTokenSecret();
  const expiresAt =
    input.expiresInDays === undefined ? null : new Date(at.getTime() + input.expiresInDays * DAY_MS).toISOString();
  try {
    await db.transaction().execute(async (trx) => {
      await insertServiceToken(trx, {
        id,
        name: input.name,
        role: input.role,
        tokenHash: hashToken(token),
        systemIds,
        createdBy: actor.id,
        createdAt: at.toISOString(),
        expiresAt,
      });
      await recordAudit({
        db: trx,
        actor,
        action: "token.created",
        target: { type: "token", id, label: input.name },
        outcome: "success",
        detail: { role: input.role, expiresAt, systemIds },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
  return { id, token };
}

export async function listTokens({ db, actor }: { db: Kysely<Database>; actor: Actor }): Promise<PublicToken[]> {
  requireRole(actor, "admin", "manage tokens");
  return (await listActiveServiceTokens(db)).map(toPublicToken);
}

/** Revokes a token at once: its next request is refused. Audited `token.revoked`. */
export async function revokeToken({
  db,
  actor,
  id,
}: {
  db: Kysely<Database>;
  actor: Actor;
  id: string;
}): Promise<void> {
  requireRole(actor, "admin", "manage tokens");
  await db.transaction().execute(async (trx) => {
    const revoked = await revokeServiceToken(trx, id, now().toISOString());
    if (!revoked) throw notFound("The token");
    await recordAudit({
      db: trx,
      actor,
      action: "token.revoked",
      target: { type: "token", id, label: revoked.name },
      outcome: "success",
    });
  });
}
