import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../support/capture-io.js';
import { TEAMS_ENV } from '../support/start-teams-test-app.js';
import { tempDir } from '../support/temp-dir.js';

const bin = fileURLToPath(new URL('../../bin/doraflow.js', import.meta.url));

/** The entries of a ZIP archive whose files are stored (what teams-package writes). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString();
    const localName = zip.readUInt16LE(local + 26);
    files.set(name, zip.subarray(local + 30 + localName, local + 30 + localName + size));
    at += 46 + nameLength;
  }
  return files;
}

/** Width, height and every RGBA pixel of an unfiltered 8-bit RGBA PNG. */
function decodePng(png: Buffer): { width: number; height: number; pixels: number[][] } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect(png.subarray(24, 26)).toEqual(Buffer.from([8, 6]));
  const idat = png.indexOf('IDAT');
  const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) {
      const o = y * (width * 4 + 1) + 1 + x * 4;
      pixels.push([raw[o] ?? 0, raw[o + 1] ?? 0, raw[o + 2] ?? 0, raw[o + 3] ?? 0]);
    }
  return { width, height, pixels };
}

describe('doraflow teams-package', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let files: Map<string, Buffer>;
  beforeAll(async () => {
    dir = await tempDir();
    const out = join(dir.path, 'doraflow-teams.zip');
    const io = captureIo({ ...TEAMS_ENV, DORAFLOW_PUBLIC_URL: 'https://dora.example.com' });
    expect(await runCli(['teams-package', '--out', out], io)).toBe(0);
    expect(io.stdoutText()).toContain('manifest.json, color.png, outline.png');
    files = unzip(readFileSync(out));
  });
  afterAll(async () => {
    await dir.remove();
  });

  it('holds a manifest valid against the official Teams schema 1.29, filled from configuration', () => {
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(String(files.get('manifest.json')));
    const schema = JSON.parse(
      readFileSync(new URL('../fixtures/teams/teams-manifest-1.29.schema.json', import.meta.url), 'utf8'),
    );
    // The Teams schema is draft-04; ajv-draft-04's default export is the class (CommonJS interop).
    const Ajv = (AjvDraft04 as unknown as { default: typeof AjvDraft04 }).default ?? AjvDraft04;
    const ajv = new (Ajv as unknown as new (options: object) => import('ajv').default)({
      allErrors: true,
      strict: false,
    });
    (addFormats as unknown as (a: unknown) => void)(ajv);
    const validate = ajv.compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(manifest.manifestVersion).toBe('1.29');
    expect(manifest.bots[0].botId).toBe(TEAMS_ENV.MicrosoftAppId);
    expect(manifest.id).toBe(TEAMS_ENV.MicrosoftAppId);
    expect(manifest.validDomains).toEqual(['dora.example.com']);
    expect(manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toContain(
      'dora help',
    );
  });

  it('holds a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    const color = decodePng(files.get('color.png') ?? Buffer.alloc(0));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = decodePng(files.get('outline.png') ?? Buffer.alloc(0));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    for (const [r, g, b, a] of outline.pixels)
      expect(a === 0 || (r === 255 && g === 255 && b === 255)).toBe(true);
    expect(outline.pixels.some(([, , , a]) => a === 255)).toBe(true);
  });

  it('says what is missing when the bot is not configured', async () => {
    const io = captureIo({ DORAFLOW_PUBLIC_URL: 'https://dora.example.com' });
    expect(await runCli(['teams-package', '--out', join(dir.path, 'x.zip')], io)).toBe(1);
    expect(io.stderrText()).toContain('set MicrosoftAppId');
    const bad = captureIo({ ...TEAMS_ENV, DORAFLOW_PUBLIC_URL: 'https://dora.example.com' });
    expect(await runCli(['teams-package', '--app-id', 'nope', '--out', join(dir.path, 'y.zip')], bad)).toBe(
      1,
    );
    expect(bad.stderrText()).toContain('the app id must be a GUID (got "nope")');
    const noUrl = captureIo({});
    expect(
      await runCli(
        ['teams-package', '--app-id', TEAMS_ENV.MicrosoftAppId, '--out', join(dir.path, 'z.zip')],
        noUrl,
      ),
    ).toBe(1);
    expect(noUrl.stderrText()).toContain('--public-url https://…, or set DORAFLOW_PUBLIC_URL');
  });

  it('needs nothing but the app id and the public URL (no password, no tenant): a real process', async () => {
    const out = join(dir.path, 'options-only.zip');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        bin,
        'teams-package',
        '--app-id',
        TEAMS_ENV.MicrosoftAppId,
        '--public-url',
        'https://dora.example.org/',
        '--out',
        out,
      ],
      { env: { PATH: process.env.PATH ?? '' } },
    );
    expect(stdout).toContain(`wrote ${out}`);
    const manifest = JSON.parse(String(unzip(readFileSync(out)).get('manifest.json')));
    expect(manifest).toMatchObject({
      id: TEAMS_ENV.MicrosoftAppId,
      bots: [{ botId: TEAMS_ENV.MicrosoftAppId }],
      validDomains: ['dora.example.org'],
      developer: {
        privacyUrl: 'https://dora.example.org/privacy',
        termsOfUseUrl: 'https://dora.example.org/terms',
      },
    });
  });
});
