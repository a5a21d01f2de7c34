import { crc32, deflateSync } from 'node:zlib';

type Pixel = readonly [number, number, number, number];

/** A PNG (RGBA, 8 bits per channel) of `size`×`size` pixels, each from `pixel(x, y)`. */
export function png(size: number, pixel: (x: number, y: number) => Pixel): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // no filter
    for (let x = 0; x < size; x += 1) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Three rising bars (deployments getting more frequent), in the unit square. */
function inBars(u: number, v: number): boolean {
  const bars = [
    [0.18, 0.34, 0.55],
    [0.42, 0.58, 0.35],
    [0.66, 0.82, 0.15],
  ] as const;
  return bars.some(([left, right, top]) => u >= left && u < right && v >= top && v < 0.85);
}

/** The colour icon (192×192): white bars on the accent colour. */
export function colorIcon(): Buffer {
  return png(192, (x, y) => (inBars(x / 192, y / 192) ? [255, 255, 255, 255] : [31, 41, 55, 255]));
}

/** The outline icon (32×32): white bars on transparency, as Teams requires. */
export function outlineIcon(): Buffer {
  return png(32, (x, y) => (inBars((x + 0.5) / 32, (y + 0.5) / 32) ? [255, 255, 255, 255] : [0, 0, 0, 0]));
}
