export default function HomePage() {
  return (
    <main className="mx-auto max-w-3xl px-6 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">Key-backup portal</h1>
      <p className="mt-4 text-slate-700">
        Back up the data-at-rest encryption keys of Hitachi VSP storage systems (VSP 5000, VSP E,
        VSP G/F) and keep a record of who backed up which system, when, and with which checksum.
      </p>
    </main>
  );
}
