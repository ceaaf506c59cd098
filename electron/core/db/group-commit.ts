/**
 * Group commit. Each unit of work (an action and its audit record) runs in its own savepoint,
 * and all units queued in the same turn of the event loop share one transaction, so one fsync
 * (synchronous=FULL) makes all of them durable. A caller's promise settles only after that
 * commit: nothing it guards leaves the core before its record is on disk. A unit that throws
 * rolls back alone; a commit that fails (disk full) rejects every unit in it.
 */
import { isStorageFull, type DB } from './open';
import { CallFailure } from '../errors';

/**
 * A write refused for lack of space reaches the user as this clear refusal (a lookup that
 * cannot be logged returns no data), instead of an anonymous internal error.
 */
export function storageFailure(err: unknown): unknown {
  if (!isStorageFull(err)) return err;
  return new CallFailure(
    'unavailable',
    "disk full: the console cannot record this, so it was not done and nothing is shown. Free space on the console's disk; it recovers by itself.",
    [err instanceof Error ? err.message : String(err)],
  );
}

interface Unit {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class GroupCommitter {
  private queue: Unit[] = [];
  private scheduled = false;
  /**
   * Runs one unit in a savepoint (it is only ever called inside the batch's transaction).
   * Made once: better-sqlite3 builds four wrapper functions per db.transaction() call, which
   * cost more than the savepoint itself when done for every unit.
   */
  private readonly inSavepoint;

  constructor(
    private readonly db: DB,
    /** Largest number of units in one transaction, so one batch never holds the loop long. */
    private readonly maxBatch = 2000,
  ) {
    this.inSavepoint = db.transaction((work: () => unknown) => work());
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.db.transaction(() => {
        for (const unit of batch) {
          try {
            // A nested transaction is a savepoint: a failing unit undoes only its own writes.
            outcomes.push({ ok: true, value: this.inSavepoint(unit.work) });
          } catch (error) {
            // Some errors (SQLITE_FULL, RAISE(ROLLBACK)) end the whole transaction; going on
            // would run the remaining units in autocommit, outside the group.
            if (!this.db.inTransaction) throw error;
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      const failure = storageFailure(error);
      for (const unit of batch) unit.reject(failure);
      return;
    }
    batch.forEach((unit, i) => {
      const o = outcomes[i]!;
      if (o.ok) unit.resolve(o.value);
      else unit.reject(storageFailure(o.error));
    });
  }
}
