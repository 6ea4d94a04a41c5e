import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";

import { Providers } from "@/components/providers";

import "./globals.css";

export const metadata: Metadata = {
  title: "Key-backup portal",
  description: "Back up the data-at-rest encryption keys of Hitachi VSP storage systems.",
  // Static files in public/: the SVG for browsers that take one, the .ico for the rest.
  icons: {
    icon: [
      { url: "/icon.svg", type: "image/svg+xml" },
      { url: "/favicon.ico", sizes: "32x32" },
    ],
  },
  // An internal portal: no search engine is to index it (public/robots.txt says the same).
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so Next.js can put this request's CSP nonce (proxy.ts)
  // on its scripts; a page prerendered at build time would have none and be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
