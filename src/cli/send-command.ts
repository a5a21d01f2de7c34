import type { CliCommand } from './cli-command.js';
import { SEND_USAGE, sendEvent } from './send-event.js';

export const sendCommand: CliCommand = {
  name: 'send',
  usage: SEND_USAGE,
  run: (args, io) => sendEvent(args, io),
};
