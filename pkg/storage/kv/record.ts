/**
 * Checksummed record framing shared by the write-ahead log and snapshots:
 *
 *   ┌──────────────┬──────────────────────────────┬─────────────┐
 *   │ u32 LE length│ u32 LE crc32(length ‖ payload)│ payload …   │
 *   └──────────────┴──────────────────────────────┴─────────────┘
 *
 * The checksum covers the length too, so a flipped length bit is caught rather than misread as
 * a record boundary.
 */
import { crc32 } from 'node:zlib';

export const frameHeaderBytes = 8;

/** A buffer with room for the header, to be filled by `sealFrame` once the payload is written. */
export function allocFrame(payloadBytes: number): Buffer {
  return Buffer.allocUnsafe(frameHeaderBytes + payloadBytes);
}

/** Writes the length and checksum of a frame whose payload is already in place. */
export function sealFrame(frame: Buffer): Buffer {
  frame.writeUInt32LE(frame.length - frameHeaderBytes, 0);
  frame.writeUInt32LE(crc32(frame.subarray(frameHeaderBytes), crc32(frame.subarray(0, 4))), 4);
  return frame;
}

/**
 * A frame read: its payload, or why it is unreadable. `complete` tells whether every byte the
 * frame claims was in the file (a checksum mismatch) or the file ends inside it (incomplete).
 */
export type FrameRead = { ok: true; payload: Buffer; next: number } | { ok: false; reason: string; complete: boolean };

/** Reads the frame at `offset`, verifying its checksum. */
export function readFrame(data: Buffer, offset: number): FrameRead {
  if (offset + frameHeaderBytes > data.length)
    return { ok: false, reason: 'incomplete record header', complete: false };
  const length = data.readUInt32LE(offset);
  if (length === 0) return { ok: false, reason: 'empty record', complete: false };
  const end = offset + frameHeaderBytes + length;
  if (end > data.length)
    return { ok: false, reason: `record of ${length} bytes runs past the end of the file`, complete: false };
  const payload = data.subarray(offset + frameHeaderBytes, end);
  if (!checksumMatches(data, offset, payload)) return { ok: false, reason: 'checksum mismatch', complete: true };
  return { ok: true, payload, next: end };
}

function checksumMatches(data: Buffer, offset: number, payload: Buffer): boolean {
  return crc32(payload, crc32(data.subarray(offset, offset + 4))) === data.readUInt32LE(offset + 4);
}

/**
 * Whether an unreadable frame at `offset` that nothing intact follows is a write torn by a crash:
 * only an incomplete one is. A complete record with a bad checksum was written whole (and maybe
 * acknowledged), so it is damage, never a torn write. An "incomplete" record is damage too when
 * its length field is what broke: the rest of the file then is one record whose checksum matches
 * once the length is set to the bytes that remain.
 */
export function isTornTail(data: Buffer, offset: number, frame: FrameRead): boolean {
  if (frame.ok || frame.complete) return false;
  const rest = data.length - offset - frameHeaderBytes;
  if (rest <= 0) return true;
  const header = Buffer.from(data.subarray(offset, offset + frameHeaderBytes));
  header.writeUInt32LE(rest, 0);
  return !checksumMatches(header, 0, data.subarray(offset + frameHeaderBytes));
}

/**
 * True when any intact frame starts after `offset`: what tells damage in the middle of a file
 * (refuse to start) from a record torn by a crash at its end (drop it). A false positive needs a
 * random 32-bit checksum to match.
 */
export function hasFrameAfter(data: Buffer, offset: number): boolean {
  for (let o = offset + 1; o + frameHeaderBytes < data.length; o++) {
    const length = data.readUInt32LE(o);
    if (length === 0 || o + frameHeaderBytes + length > data.length) continue;
    if (readFrame(data, o).ok) return true;
  }
  return false;
}
