import type { z } from "zod";

import {
  inspectCertificateResponseSchema,
  systemListSchema,
  systemResponseSchema,
  testConnectionResponseSchema,
  type CertificateFacts,
  type registerSystemSchema,
  type SystemView,
  type TestConnectionInput,
  type TestConnectionResult,
  type updateSystemSchema,
} from "@/lib/schemas/system";

import { requestJson, requestNoContent } from "./request-json";

/** The body of a registration as a form sends it; the server normalises and checks it. */
export type RegisterSystemBody = z.input<typeof registerSystemSchema>;
/** Any subset of a system's settings to change. */
export type UpdateSystemBody = z.input<typeof updateSystemSchema>;

const SYSTEMS_PATH = "/api/systems";

function systemPath(systemId: string): string {
  return `${SYSTEMS_PATH}/${encodeURIComponent(systemId)}`;
}

/** The cache key of the systems list; every key of one system starts with it too. */
export const systemsQueryKey = ["systems"] as const;

/** The cache key of one system (its backup history's key starts with it). */
export function systemQueryKey(systemId: string) {
  return [...systemsQueryKey, systemId] as const;
}

/** GET /api/systems: the registered systems; `includeRemoved` (admins) lists removed ones too. */
export async function fetchSystems(options: { includeRemoved?: boolean } = {}): Promise<SystemView[]> {
  const path = options.includeRemoved ? `${SYSTEMS_PATH}?includeRemoved=1` : SYSTEMS_PATH;
  return (await requestJson("GET", path, systemListSchema)).systems;
}

/** GET /api/systems/{id}: one system, removed ones included. */
export async function fetchSystem(systemId: string): Promise<SystemView> {
  return (await requestJson("GET", systemPath(systemId), systemResponseSchema)).system;
}

/** POST /api/systems: registers a system with the trust an admin confirmed. */
export async function registerSystem(body: RegisterSystemBody): Promise<SystemView> {
  return (await requestJson("POST", SYSTEMS_PATH, systemResponseSchema, body)).system;
}

/** PATCH /api/systems/{id}: changes what `body` names; answers with the system as it is now. */
export async function updateSystem(systemId: string, body: UpdateSystemBody): Promise<SystemView> {
  return (await requestJson("PATCH", systemPath(systemId), systemResponseSchema, body)).system;
}

/** DELETE /api/systems/{id}: removes a system; its history and audit entries stay. */
export function removeSystem(systemId: string): Promise<void> {
  return requestNoContent("DELETE", systemPath(systemId));
}

/** POST /api/systems/inspect-certificate: the certificate `baseUrl` presents, for an admin to compare; nothing is stored. */
export async function inspectCertificate(baseUrl: string): Promise<CertificateFacts> {
  return (
    await requestJson("POST", `${SYSTEMS_PATH}/inspect-certificate`, inspectCertificateResponseSchema, { baseUrl })
  ).certificate;
}

/** POST /api/systems/{id}/test-connection: signs in with credentials used for this test only and reads the identity. */
export function testConnection(systemId: string, credentials: TestConnectionInput): Promise<TestConnectionResult> {
  return requestJson("POST", `${systemPath(systemId)}/test-connection`, testConnectionResponseSchema, credentials);
}
