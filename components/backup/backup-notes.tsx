/** What happens to what the user types, and which storage user it takes. */
export function BackupNotes() {
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
      <li>
        The <strong>backup password</strong> encrypts the key file. You need it to restore the keys from the file. The
        portal does not keep it: store it safely, apart from the file.
      </li>
      <li>The storage username and password are used for this backup only and are never stored.</li>
      <li>
        The storage user needs two roles: Storage Administrator (View Only) to sign in and read the system&apos;s
        identity, and Security Administrator (View &amp; Modify) to back up the keys.
      </li>
    </ul>
  );
}
