import { type AppFactories, defaultFactories } from '../../src/app/app-factories.js';
import { type App, createApp } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { tempDir } from './temp-dir.js';

export interface TestApp {
  readonly app: App;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts the real app on a free port with embedded storage in a temporary directory. */
export async function startTestApp(
  env: Record<string, string> = {},
  factories: Partial<AppFactories> = {},
): Promise<TestApp> {
  const dir = await tempDir();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DORAFLOW_DATA_DIR: dir.path,
    ...env,
  });
  const app = await createApp(config, { ...defaultFactories, ...factories });
  const { port } = await app.start();
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.stop();
      await dir.remove();
    },
  };
}
