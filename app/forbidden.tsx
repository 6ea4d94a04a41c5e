import Link from "next/link";

/** Rendered (with status 403) when a page calls forbidden(): signed in, but the role is lacking. */
export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl px-6 py-16">
      <h1 className="text-2xl font-semibold tracking-tight">Not allowed</h1>
      <p className="mt-4 text-slate-700">Your role does not give access to this page. Ask an admin if you need it.</p>
      <p className="mt-4">
        <Link href="/" className="font-medium underline">
          Go to the start page
        </Link>
      </p>
    </main>
  );
}
