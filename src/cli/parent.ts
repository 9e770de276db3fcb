/**
 * Stopping with the process that started the bot. Supervisors (systemd, Docker, process
 * managers) signal the process they started, which is often `npm`: npm then ends, and so does the
 * shell it ran the script in, but a process under them keeps running, connected to Discord, as
 * an orphan; after a restart every mention would be answered twice. The bot notices that its
 * parent has gone and stops as it does on SIGTERM, however it was started.
 */

/**
 * How often the parent is checked, in milliseconds. The check is one system call; the bot stops
 * at most this long after its parent. Sensible from 100 ms to a few seconds; 1,000 by default.
 */
export const PARENT_CHECK_MS = 1_000;

/**
 * Calls `onLost` once when this process's parent exits (the parent process id changes). The
 * timer does not keep the process alive. Returns a function that stops watching.
 */
export function watchParent(onLost: () => void, intervalMs = PARENT_CHECK_MS): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onLost();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
