/*
 * Whether two systems' addresses reach the same array: registering one array twice would split
 * its backup history in two (DUPLICATE_BASE_URL). Shared by the register route and its form.
 */

/**
 * What two base URLs are compared by, to tell whether they reach the same REST API: scheme, host
 * (case-insensitive), port (a default one dropped) and path (trailing slashes dropped). Query and
 * fragment, which a base URL never has, do not count. Takes stored values as they are.
 */
export function baseUrlKey(baseUrl: string): string {
  const trimmed = baseUrl.trim();
  if (!URL.canParse(trimmed)) return trimmed.toLowerCase();
  const url = new URL(trimmed);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * Whether two systems' settings reach the same array: the same base URL, unless both name a
 * storageDeviceId and these differ (one REST API server in front of several arrays).
 */
export function sameArrayAddress(
  a: { baseUrl: string; storageDeviceId?: string | null },
  b: { baseUrl: string; storageDeviceId?: string | null },
): boolean {
  if (baseUrlKey(a.baseUrl) !== baseUrlKey(b.baseUrl)) return false;
  if (!a.storageDeviceId || !b.storageDeviceId) return true;
  return a.storageDeviceId.toUpperCase() === b.storageDeviceId.toUpperCase();
}
