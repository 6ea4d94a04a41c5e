/**
 * The file name a `Content-Disposition` header suggests: `filename*` (RFC 8187, so non-ASCII
 * letters survive) before `filename`. Only the last path segment is kept and control characters
 * are dropped, so a header can never point the download elsewhere. Undefined when there is none.
 */
export function fileNameFromContentDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const params = dispositionParams(header);
  const extended = params.get("filename*");
  const decoded = extended === undefined ? undefined : decodeExtendedValue(extended);
  return safeName(decoded) ?? safeName(params.get("filename"));
}

// token "=" ( token / quoted-string ), after the disposition type; names are case-insensitive.
const PARAM = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;

function dispositionParams(header: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [, rawName = "", rawValue = ""] of header.matchAll(PARAM)) {
    const name = rawName.toLowerCase();
    // The first of a repeated parameter counts, as browsers do.
    if (params.has(name)) continue;
    const value = rawValue.startsWith('"') ? rawValue.slice(1, -1).replace(/\\(.)/g, "$1") : rawValue.trim();
    params.set(name, value);
  }
  return params;
}

/** `charset'language'percent-encoded`; UTF-8 and ISO-8859-1 are the charsets RFC 8187 names. */
function decodeExtendedValue(value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!match) return undefined;
  const charset = (match[1] ?? "").toLowerCase();
  const encoded = match[2] ?? "";
  if (charset === "utf-8") {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return undefined;
    }
  }
  if (charset === "iso-8859-1") {
    return encoded.replace(/%([0-9A-Fa-f]{2})/g, (_all, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return undefined;
}

function safeName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const base = name.split(/[/\\]/).at(-1) ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean === "" || clean === "." || clean === ".." ? undefined : clean;
}
