// The snapshots of app/, newest first, each with a Restore button. Restoring
// runs `course restore ID`, which saves the current app/ as a snapshot first.
import type { Snapshot } from "../../scripts/course/snapshots.ts";
import { Command, CsrfField } from "./layout.tsx";

export function SnapshotsPage({ snapshots, csrfToken }: { snapshots: Snapshot[]; csrfToken: string }) {
  return (
    <>
      <h1>Snapshots of app/</h1>
      <p>
        One is taken before every start, solve, reset and restore, so nothing you wrote is lost. Restoring one saves your current app/ as a snapshot
        first, exactly like <Command text="npx course restore ID" />.
      </p>
      {snapshots.length === 0 ? (
        <p>No snapshots yet.</p>
      ) : (
        <ol className="snapshots">
          {snapshots.map((snapshot) => (
            <li key={snapshot.id}>
              <code className="snapshot-id">{snapshot.id}</code>
              <span className="muted"> {describe(snapshot)}</span>
              <form method="post" action="/snapshots/restore" data-busy="Restoring…">
                <CsrfField token={csrfToken} />
                <input type="hidden" name="id" value={snapshot.id} />
                <button type="submit" aria-label={`Restore ${snapshot.id}`}>
                  Restore
                </button>
              </form>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function describe(snapshot: Snapshot): string {
  const before = `before course ${snapshot.verb}${snapshot.step ? ` ${snapshot.step}` : ""}`;
  const on = snapshot.current ? ` · you were on ${snapshot.current}` : "";
  return `${new Date(snapshot.createdAt).toLocaleString()} · ${before} · ${snapshot.files} files${on}`;
}
