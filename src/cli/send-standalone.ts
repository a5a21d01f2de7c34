/**
 * The standalone `send.mjs` a doraflow server serves at `/send.mjs` (bundled by `npm run build`):
 * `doraflow send` for a pipeline that has Node.js and nothing else installed.
 */
import { DoraflowError } from '../domain/doraflow-error.js';
import { SEND_USAGE, sendEvent } from './send-event.js';
import { usageMistake } from './usage-mistake.js';

const io = { env: process.env, stdout: process.stdout, stderr: process.stderr };
try {
  process.exitCode = await sendEvent(process.argv.slice(2), io);
} catch (error) {
  const mistake = usageMistake(error);
  process.stderr.write(
    mistake
      ? `doraflow send: ${mistake}\n\n${SEND_USAGE}\n`
      : `doraflow send: ${DoraflowError.wrap(error).message}\n`,
  );
  process.exitCode = mistake ? 2 : 1;
}
