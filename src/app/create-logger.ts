import { type Logger, pino } from 'pino';

/**
 * The process logger. Request, job and chat-turn loggers are children of it. Paths that could hold
 * secrets are redacted as a second line of defence; bodies are never logged at all.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'doraflow' },
    redact: {
      paths: [
        '*.authorization',
        '*.token',
        '*.secret',
        '*.password',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination as never) : pino(options);
}
