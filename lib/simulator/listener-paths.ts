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
 * paths under storages/{storageDeviceId}, services too, and the storage itself is storages/{id};
 * they are mapped back to the embedded form so one set of routes serves both.
 */
export function serverFormTarget(pathname: string): ServerFormTarget {
  if (pathname === `${BASE_PATH}/configuration/version`) return { kind: "version" };
  if (pathname === `${BASE_PATH}/v1/objects/storages`) return { kind: "storages" };
  const match = /^\/ConfigurationManager\/v1\/objects\/storages\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match?.[1]) return { kind: "unknown" };
  const rest = match[2];
  const route =
    rest === undefined || rest === "/"
      ? "/v1/objects/storages/instance"
      : rest.startsWith("/services/")
        ? `/v1${rest}`
        : `/v1/objects${rest}`;
  return { kind: "system", storageDeviceId: decodeURIComponent(match[1]), route };
}
