import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // kysely too: bundled, each route would get its own copy, and the one database (lib/db/connection.ts,
  // shared through globalThis) would fail the other copies' instanceof PostgresAdapter (lib/db/dialect.ts).
  serverExternalPackages: ["better-sqlite3", "kysely", "pg", "pino", "undici"],
  // forbidden() and app/forbidden.tsx: a signed-in user lacking the role gets a real 403 page.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Every API answer is per user and per request, including Next.js's own 404 and 405.
      { source: "/api/:path*", headers: [{ key: "Cache-Control", value: "no-store" }] },
    ];
  },
};

export default nextConfig;
