import "server-only";

export const BASE_PATH = "/ConfigurationManager";

/** The embedded-form route of a request path on a system's own listener, or undefined outside the base. */
export function embeddedRoute(pathname: string): string | undefined {
  return pathname.startsWith(`${BASE_PATH}/`) ? pathname.slice(BASE_PATH.length) : undefined;
}

export type ServerFormTarget =
  | { kind: "version" }
  | { kind: "storages" }
  | { kind: "system"; storageDeviceId: string; route: string }
  | { kind: "unknown" };

/**
 * What a request path on the server-form listener addresses. That form puts the embedded object
 * paths under v1/objects/storages/{storageDeviceId} (the storage itself is storages/{id}) and the
 * service paths under v1/{storageDeviceId}/services, not under objects/storages; both are mapped
 * back to the embedded form so one set of routes serves both.
 */
export function serverFormTarget(pathname: string): ServerFormTarget {
  if (pathname === `${BASE_PATH}/configuration/version`) return { kind: "version" };
  if (pathname === `${BASE_PATH}/v1/objects/storages`) return { kind: "storages" };
  const service = /^\/ConfigurationManager\/v1\/([^/]+)(\/services\/.*)$/.exec(pathname);
  if (service?.[1] && service[2] && service[1] !== "objects") {
    return { kind: "system", storageDeviceId: decodeURIComponent(service[1]), route: `/v1${service[2]}` };
  }
  const match = /^\/ConfigurationManager\/v1\/objects\/storages\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match?.[1]) return { kind: "unknown" };
  const rest = match[2];
  // Services are not under objects/storages/{id}: such a path is sent on as an object path, unknown.
  const route = rest === undefined || rest === "/" ? "/v1/objects/storages/instance" : `/v1/objects${rest}`;
  return { kind: "system", storageDeviceId: decodeURIComponent(match[1]), route };
}
