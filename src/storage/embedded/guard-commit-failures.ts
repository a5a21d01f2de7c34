/**
 * lmdb rejects two promises nobody can hold when a commit fails (a full disk, an I/O error): the
 * batch-start write of an event-turn batch and the `commitError` every failed write points to. Each
 * write doraflow awaits fails with the reason and is answered (503); these two would end the process
 * as unhandled rejections. This listener takes exactly those; any other unhandled rejection is thrown
 * again, so it ends the process as Node would without the listener.
 */
let installed = false;

const isCommitFailure = (reason: unknown, promise: Promise<unknown>): boolean =>
  (reason instanceof Error && reason.message.startsWith('Commit failed') && 'commitError' in reason) ||
  (reason instanceof Error &&
    typeof (reason as { code?: unknown }).code === 'number' &&
    typeof (promise as { reject?: unknown }).reject === 'function');

export function guardCommitFailures(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason, promise) => {
    if (isCommitFailure(reason, promise)) return;
    throw reason;
  });
}
