// Free of imports so that shared (browser-side) code can use the same mapping.

/**
 * The 6-digit prefix the vendor puts before the serial number, by model, as the public record
 * lists it (E590/E790(H) 934000, E990 936000, E1090(H) 938000, 5x00(H) 900000, G/F370/700/900
 * 886000, G/F350 882000, G130 880000).
 */
export function storageDevicePrefix(model: string): string | undefined {
  const name = model
    .trim()
    .toUpperCase()
    .replace(/^VSP\s*/, "");
  if (/^E(590|790)H?$/.test(name)) return "934000";
  if (/^E990$/.test(name)) return "936000";
  if (/^E1090H?$/.test(name)) return "938000";
  if (/^5[1256]00H?$/.test(name)) return "900000";
  if (/^[GF](370|700|900)$/.test(name)) return "886000";
  if (/^[GF]350$/.test(name)) return "882000";
  if (/^G130$/.test(name)) return "880000";
  // INVENTED: the VSP One B26's prefix is not public; this one is the simulator's pick.
  if (/^ONE\s*B26$/.test(name)) return "960000";
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
