/**
 * Snapshots: the engine's whole kept state at one revision, so recovery loads one file instead
 * of replaying the log from the beginning. Histories are included, so reads at past revisions
 * and watch resumes work across a restart exactly as before it.
 *
 * File: `snap-<revision>.snap`, written as `.tmp`, fsync'ed, then renamed (a crash leaves either
 * the old snapshot or the new one, never half of one). Records (record.ts framing):
 *   header  u8 1, f64 revision, f64 compacted revision, f64 version count
 *   version u8 2, f64 createRevision (0: a deletion), f64 modRevision, u32 key length, key, value
 *   footer  u8 3, f64 version count
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../errors/errors.js';
import { privateFileMode } from './file-mode.js';
import { allocFrame, readFrame, sealFrame } from './record.js';
import type { KeyValue } from './types.js';
import { writeAll } from './wal.js';

const HEADER = 1;
const VERSION = 2;
const FOOTER = 3;
/** Versions encoded per write call: big enough for throughput, small enough to yield often. */
const chunkVersions = 2000;

export const snapshotPattern = /^snap-(\d{16})\.snap$/;

export function snapshotName(revision: number): string {
  return `snap-${String(revision).padStart(16, '0')}.snap`;
}

export interface SnapshotContent {
  revision: number;
  compacted: number;
  /** Every kept version, grouped by key in key order (MVCC.captureVersions). */
  versions: KeyValue[];
}

/** Writes the snapshot durably; returns its path. Encoding yields between chunks. */
export async function writeSnapshot(dir: string, content: SnapshotContent): Promise<string> {
  const final = path.join(dir, snapshotName(content.revision));
  const tmp = `${final}.tmp`;
  const handle = await open(tmp, 'w', privateFileMode);
  let written = false;
  try {
    const { versions } = content;
    const header = allocFrame(25);
    header[8] = HEADER;
    header.writeDoubleLE(content.revision, 9);
    header.writeDoubleLE(content.compacted, 17);
    header.writeDoubleLE(versions.length, 25);
    await handle.write(sealFrame(header));
    for (let i = 0; i < versions.length; i += chunkVersions) {
      const frames = versions.slice(i, i + chunkVersions).map(encodeVersion);
      await writeAll(handle, frames);
    }
    const footer = allocFrame(9);
    footer[8] = FOOTER;
    footer.writeDoubleLE(versions.length, 9);
    await handle.write(sealFrame(footer));
    await handle.sync();
    written = true;
  } finally {
    await handle.close();
    // A half-written snapshot is of no use, and on a full disk its space is what writes need.
    if (!written) await unlink(tmp).catch(() => {});
  }
  await rename(tmp, final);
  return final;
}

function encodeVersion(kv: KeyValue): Buffer {
  const keyBytes = Buffer.byteLength(kv.key);
  const frame = allocFrame(1 + 8 + 8 + 4 + keyBytes + kv.value.length);
  let o = 8;
  frame[o++] = VERSION;
  o = frame.writeDoubleLE(kv.createRevision, o);
  o = frame.writeDoubleLE(kv.modRevision, o);
  o = frame.writeUInt32LE(keyBytes, o);
  o += frame.write(kv.key, o, 'utf8');
  frame.set(kv.value, o);
  return sealFrame(frame);
}

/** Loads a snapshot; any damage throws Corrupt naming the file and byte offset. */
export async function readSnapshot(file: string): Promise<SnapshotContent> {
  const data = await readFile(file);
  const corrupt = (offset: number, reason: string) =>
    new StorageError(
      'Corrupt',
      file,
      `snapshot ${file} is corrupt at byte offset ${offset}: ${reason}; refusing to start (restore the data directory from a backup)`,
    );
  const first = readFrame(data, 0);
  if (!first.ok) throw corrupt(0, first.reason);
  const h = first.payload;
  if (h.length !== 25 || h[0] !== HEADER) throw corrupt(0, 'missing header');
  const revision = h.readDoubleLE(1);
  const compacted = h.readDoubleLE(9);
  const count = h.readDoubleLE(17);
  // Each version record takes at least 29 bytes: a larger count cannot be real.
  if (!Number.isSafeInteger(count) || count < 0 || count * 29 > data.length)
    throw corrupt(0, 'impossible version count');
  const versions: KeyValue[] = new Array(count);
  let offset = first.next;
  for (let i = 0; i < count; i++) {
    const frame = readFrame(data, offset);
    if (!frame.ok) throw corrupt(offset, frame.reason);
    const p = frame.payload;
    if (p.length < 21 || p[0] !== VERSION) throw corrupt(offset, 'malformed version record');
    const keyEnd = 21 + p.readUInt32LE(17);
    if (keyEnd > p.length) throw corrupt(offset, 'malformed version record');
    versions[i] = {
      key: p.toString('utf8', 21, keyEnd),
      value: Uint8Array.prototype.slice.call(p, keyEnd),
      createRevision: p.readDoubleLE(1),
      modRevision: p.readDoubleLE(9),
    };
    offset = frame.next;
  }
  const footer = readFrame(data, offset);
  if (!footer.ok) throw corrupt(offset, footer.reason);
  if (footer.payload[0] !== FOOTER || footer.payload.readDoubleLE(1) !== count || footer.next !== data.length)
    throw corrupt(offset, 'malformed footer');
  return { revision, compacted, versions };
}
