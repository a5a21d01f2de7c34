import type { Writable } from 'node:stream';
import { formatDuration } from '../render/format-duration.js';
import { formatCount } from '../render/plural.js';

/** How often the progress line is redrawn. */
const EVERY_MS = 250;

export interface ImportProgress {
  /** Counts lines read and, when the size is known, bytes read so far. */
  update(lines: number, bytesRead?: number): void;
  /** Draws the last state and ends the line. */
  done(): void;
  /** Writes a line of its own (a rejected event) above the progress line. */
  note(line: string): void;
}

/**
 * Progress of an import on a terminal: lines done, events per second and, for a file, its share and
 * the time left. Draws nothing when the stream is not a terminal (pipes and logs stay quiet).
 */
export function importProgress(
  stream: Writable,
  totalBytes: number | undefined,
  now = Date.now,
): ImportProgress {
  if (!(stream as { isTTY?: boolean }).isTTY)
    return { update: () => {}, done: () => {}, note: (line) => stream.write(`${line}\n`) };
  const started = now();
  let drawn = 0;
  let lines = 0;
  let bytes = 0;
  const draw = () => {
    drawn = now();
    const seconds = Math.max((drawn - started) / 1000, 0.001);
    const parts = [`${formatCount(lines)} lines`, `${formatCount(Math.round(lines / seconds))} events/s`];
    if (totalBytes && bytes > 0) {
      const share = Math.min(bytes / totalBytes, 1);
      parts.push(`${Math.floor(share * 100)}%`);
      const left = (seconds * (1 - share)) / share;
      if (left >= 1) parts.push(`about ${formatDuration(left)} left`);
    }
    stream.write(`\r\u001b[2K${parts.join(' · ')}`);
  };
  return {
    update(lineCount, bytesRead) {
      lines = lineCount;
      bytes = bytesRead ?? bytes;
      if (now() - drawn >= EVERY_MS) draw();
    },
    done() {
      draw();
      stream.write('\n');
    },
    note(line) {
      stream.write(`\r\u001b[2K${line}\n`);
      drawn = 0;
    },
  };
}
