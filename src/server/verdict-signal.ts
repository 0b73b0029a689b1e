/**
 * Wakes the requests that wait for a submission's verdict (`GET /api/submissions/:id?wait=`)
 * as soon as this process's worker stores it. Verdicts stored by other processes are still
 * found by polling the database.
 */
export class VerdictSignal {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** The verdict of `submissionId` is stored (or the submission settled otherwise). */
  settled(submissionId: string): void {
    const waiting = this.waiters.get(submissionId);
    if (!waiting) return;
    this.waiters.delete(submissionId);
    for (const wake of waiting) wake();
  }

  /** Resolves when `submissionId` settles here, or after `ms` (time to look again). */
  wait(submissionId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let waiting = this.waiters.get(submissionId);
      if (!waiting) this.waiters.set(submissionId, (waiting = new Set()));
      const set = waiting;
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiters.get(submissionId) === set)
          this.waiters.delete(submissionId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }
}
