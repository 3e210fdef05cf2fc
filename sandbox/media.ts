/**
 * Small, valid binary files built in code (no fixtures on disk), served by the API's
 * `/media/*` routes so tests can compare what a tool returned with what was served:
 * a 2x2 PNG, a one-page PDF and a short WAV tone.
 * @see https://www.w3.org/TR/png-3/#5DataRep
 * @see https://opensource.adobe.com/dc-acrobat-sdk-docs/pdfstandards/PDF32000_2008.pdf (§7.5 file structure)
 */
import type { ServerResponse } from 'node:http';
import { crc32, deflateSync } from 'node:zlib';

export interface MediaFile {
  type: string;
  bytes: Buffer;
}

/** By route path. */
export const MEDIA: Readonly<Record<string, MediaFile>> = {
  '/media/avatar.png': { type: 'image/png', bytes: png() },
  '/media/report.pdf': { type: 'application/pdf', bytes: pdf() },
  '/media/chime.wav': { type: 'audio/wav', bytes: wav() },
};

export function sendBytes(res: ServerResponse, status: number, file: MediaFile): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': file.type, 'content-length': String(file.bytes.length) });
  res.end(file.bytes);
}

/** 2x2 RGB: red, green / blue, white. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0); // width
  ihdr.writeUInt32BE(2, 4); // height
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // colour type: truecolour
  // compression, filter, interlace: 0
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]); // filter byte 0 per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** One page saying "dta-mcp sandbox report", with a correct cross-reference table. */
function pdf(): Buffer {
  const text = 'BT /F1 18 Tf 72 720 Td (dta-mcp sandbox report) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** 50 ms of a 440 Hz tone, 8 kHz mono 16-bit PCM. */
function wav(): Buffer {
  const rate = 8000;
  const samples = rate / 20;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
