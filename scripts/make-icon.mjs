// Draws the extension's icon.png (128x128): an amber warning triangle with a dark exclamation
// mark on a dark rounded square. The PNG is committed; rerun `node scripts/make-icon.mjs` only
// to change the design. Shapes are signed distance functions, sampled 4x4 per pixel so the
// edges are anti-aliased without any image library.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

const BACKGROUND_TOP = [0x2b, 0x30, 0x3b];
const BACKGROUND_BOTTOM = [0x1b, 0x1f, 0x27];
const AMBER = [0xff, 0xb4, 0x26];

function roundedSquareDistance(x, y) {
  const half = SIZE / 2 - 4;
  const radius = 24;
  const qx = Math.abs(x - SIZE / 2) - (half - radius);
  const qy = Math.abs(y - SIZE / 2) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function segmentDistance(px, py, ax, ay, bx, by) {
  const abx = bx - ax;
  const aby = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * abx + (py - ay) * aby) / (abx * abx + aby * aby)));
  return Math.hypot(px - ax - abx * t, py - ay - aby * t);
}

// Rounded by shrinking the corners' triangle and subtracting the radius from its distance.
const TRIANGLE = [
  [64, 30],
  [101, 95],
  [27, 95],
];
const TRIANGLE_ROUNDING = 9;

function triangleDistance(x, y) {
  let edge = Infinity;
  let inside = true;
  for (let i = 0; i < 3; i++) {
    const [ax, ay] = TRIANGLE[i];
    const [bx, by] = TRIANGLE[(i + 1) % 3];
    edge = Math.min(edge, segmentDistance(x, y, ax, ay, bx, by));
    if ((bx - ax) * (y - ay) - (by - ay) * (x - ax) < 0) inside = false;
  }
  return (inside ? -edge : edge) - TRIANGLE_ROUNDING;
}

function exclamationDistance(x, y) {
  const bar = segmentDistance(x, y, 64, 52, 64, 75) - 5.5;
  const dot = Math.hypot(x - 64, y - 88) - 6;
  return Math.min(bar, dot);
}

function mix(a, b, t) {
  return a.map((value, i) => value + (b[i] - value) * t);
}

function pixel(px, py) {
  let square = 0;
  let triangle = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES;
      const y = py + (sy + 0.5) / SAMPLES;
      if (roundedSquareDistance(x, y) <= 0) square++;
      if (triangleDistance(x, y) <= 0 && exclamationDistance(x, y) > 0) triangle++;
    }
  }
  const total = SAMPLES * SAMPLES;
  const background = mix(BACKGROUND_TOP, BACKGROUND_BOTTOM, py / (SIZE - 1));
  const color = mix(background, AMBER, triangle / Math.max(square, 1));
  return [...color.map(Math.round), Math.round((255 * square) / total)];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
// bytes 10-12: deflate, adaptive filtering, no interlace

// Each scanline starts with its filter type; 0 (none) keeps the writer trivial.
const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
for (let y = 0; y < SIZE; y++) {
  const row = y * (1 + SIZE * 4);
  for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), row + 1 + x * 4);
}

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = new URL('../icon.png', import.meta.url);
writeFileSync(out, png);
console.log(`wrote ${out.pathname} (${png.length} bytes)`);
