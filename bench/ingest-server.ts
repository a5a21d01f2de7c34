// Child process for bench:ingest: `doraflow` runs the real app; `bare` a node:http server that reads
// the same bodies and answers 202 without doing anything. Prints the port, stops on SIGTERM.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { defaultFactories } from '../src/app/app-factories.js';
import { createApp } from '../src/app/create-app.js';
import { loadConfig } from '../src/config/load-config.js';
import { openMongoStorage } from '../src/storage/mongo/open-mongo-storage.js';

const [mode, dataDir, token] = process.argv.slice(2);
if (mode === 'bare') {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString());
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{"accepted":1,"duplicates":0,"ignored":[]}');
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  const app = await createApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DORAFLOW_DATA_DIR: dataDir,
      DORAFLOW_INGEST_TOKEN: token,
      // bench:ingest with MONGODB_URI: a database of this round's own (dataDir names it).
      ...(process.env.MONGODB_URI ? { MONGODB_URI: process.env.MONGODB_URI } : {}),
    }),
    process.env.MONGODB_URI
      ? {
          ...defaultFactories,
          openStorage: async (config) =>
            openMongoStorage({
              uri: config.mongodbUri ?? '',
              databaseName: `doraflow_bench_${basename(dataDir ?? '')}`,
            }),
        }
      : defaultFactories,
  );
  const { port } = await app.start();
  process.stdout.write(`${port}\n`);
  process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
}
