// Free of imports so that shared (browser-side) code can use the same mapping.

/** The 6-digit prefix the vendor puts before the serial number, by model. */
export function storageDevicePrefix(model: string): string | undefined {
  const name = model
    .trim()
    .toUpperCase()
    .replace(/^VSP\s*/, "");
  if (/^E(590|790|990|1090)H?$/.test(name)) return "936000";
  if (/^5[1256]00H?$/.test(name)) return "900000";
  if (/^[GF](370|700|900)$/.test(name)) return "886000";
  if (/^[GF]350$/.test(name)) return "882000";
  return undefined;
}

/** "VSP E990", 412345 → "936000412345". Throws for a model it does not know. */
export function storageDeviceIdFor(model: string, serialNumber: number): string {
  const prefix = storageDevicePrefix(model);
  if (prefix === undefined) throw new Error(`Unknown storage model: ${model}`);
  if (!Number.isInteger(serialNumber) || serialNumber < 0 || serialNumber > 999_999) {
    throw new Error(`Serial number must have at most 6 digits: ${serialNumber}`);
  }
  return prefix + String(serialNumber).padStart(6, "0");
}
