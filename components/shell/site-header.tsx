import Link from "next/link";

import { hasRole } from "@/lib/schemas/role";
import type { Me } from "@/lib/schemas/user";

import { MainNav, type NavItem } from "./main-nav";
import { SignOutButton } from "./sign-out-button";

function navItemsFor(user: Pick<Me, "role">): NavItem[] {
  const items: NavItem[] = [
    { href: "/", label: "Fleet" },
    { href: "/systems", label: "Systems" },
    // Which backup is a saved key file? For every signed-in user.
    { href: "/check-file", label: "Check a file" },
  ];
  if (hasRole(user.role, "admin"))
    items.push(
      { href: "/users", label: "Users" },
      { href: "/tokens", label: "Tokens" },
      { href: "/audit", label: "Audit" },
      { href: "/settings", label: "Settings" },
    );
  return items;
}

/** The portal's header: product name, main navigation, who is signed in, and sign-out. */
export function SiteHeader({ user }: { user: Me }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link
          href="/systems"
          className="rounded-md text-base font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        >
          Key-backup portal
        </Link>
        <MainNav items={navItemsFor(user)} />
        {/* Wraps below the navigation when narrow; a long username breaks rather than widen the page. */}
        <div className="ml-auto flex min-w-0 flex-wrap items-center gap-3">
          <p className="min-w-0 text-sm wrap-anywhere text-slate-700">
            Signed in as <span className="font-medium text-slate-900">{user.username}</span>{" "}
            <span className="text-slate-600">({user.role})</span>
          </p>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
