/**
 * The write-ahead log: segment files of checksummed records (record.ts), one per write, appended
 * and fsync'ed before the write is acknowledged. Segments are named after the first revision they
 * may hold (`wal-0000000000000002.log`), so their names sort in log order.
 *
 * Record payloads:
 *   PUT     u8 1, f64 revision, u32 key length, key (UTF-8), value
 *   DELETE  u8 2, f64 revision, u32 key length, key (UTF-8)
 *   COMPACT u8 3, f64 compacted revision
 */
import { open, stat } from 'node:fs/promises';
import { StorageError } from '../errors/errors.js';
import { privateFileMode } from './file-mode.js';
import { allocFrame, hasFrameAfter, isTornTail, readFrame, sealFrame } from './record.js';
import type { KVEvent } from './types.js';

const PUT = 1;
const DELETE = 2;
const COMPACT = 3;

export type WALEntry =
  | { type: 'PUT'; revision: number; key: string; value: Uint8Array }
  | { type: 'DELETE'; revision: number; key: string }
  | { type: 'COMPACT'; revision: number };

export function segmentName(firstRevision: number): string {
  return `wal-${String(firstRevision).padStart(16, '0')}.log`;
}

export const segmentPattern = /^wal-(\d{16})\.log$/;

/** The framed record of a write event. */
export function encodeEvent(ev: KVEvent): Buffer {
  const keyBytes = Buffer.byteLength(ev.kv.key);
  const valueBytes = ev.type === 'PUT' ? ev.kv.value.length : 0;
  const frame = allocFrame(1 + 8 + 4 + keyBytes + valueBytes);
  let o = 8;
  frame[o++] = ev.type === 'PUT' ? PUT : DELETE;
  o = frame.writeDoubleLE(ev.kv.modRevision, o);
  o = frame.writeUInt32LE(keyBytes, o);
  o += frame.write(ev.kv.key, o, 'utf8');
  if (valueBytes > 0) frame.set(ev.kv.value, o);
  return sealFrame(frame);
}

export function encodeCompaction(revision: number): Buffer {
  const frame = allocFrame(1 + 8);
  frame[8] = COMPACT;
  frame.writeDoubleLE(revision, 9);
  return sealFrame(frame);
}

function decodeEntry(p: Buffer): WALEntry | undefined {
  if (p.length < 9) return undefined;
  const type = p[0];
  const revision = p.readDoubleLE(1);
  if (!Number.isSafeInteger(revision) || revision < 0) return undefined;
  if (type === COMPACT) return p.length === 9 ? { type: 'COMPACT', revision } : undefined;
  if ((type !== PUT && type !== DELETE) || p.length < 13) return undefined;
  const keyEnd = 13 + p.readUInt32LE(9);
  if (keyEnd > p.length || (type === DELETE && keyEnd !== p.length)) return undefined;
  const key = p.toString('utf8', 13, keyEnd);
  // Copy the value: a view would pin the whole segment buffer in memory.
  return type === PUT
    ? { type: 'PUT', revision, key, value: Uint8Array.prototype.slice.call(p, keyEnd) }
    : { type: 'DELETE', revision, key };
}

export interface SegmentScan {
  entries: WALEntry[];
  /** Entries' byte offsets, for error messages about them. */
  offsets: number[];
  /**
   * Where reading stopped early, if it did: at a record torn by a crash (the file ends inside an
   * incomplete record and nothing intact follows), or at damage (anything else unreadable).
   */
  stop?: { torn: boolean; offset: number; reason: string };
}

/**
 * Reads a segment up to its end or its first unreadable record. Only an incomplete record at the
 * very end is torn (record.ts isTornTail); a complete record with a bad checksum is damage even
 * when it is the last one, since it may hold an acknowledged write.
 */
export function scanSegment(data: Buffer): SegmentScan {
  const entries: WALEntry[] = [];
  const offsets: number[] = [];
  let offset = 0;
  while (offset < data.length) {
    const frame = readFrame(data, offset);
    const entry = frame.ok ? decodeEntry(frame.payload) : undefined;
    if (frame.ok && entry) {
      entries.push(entry);
      offsets.push(offset);
      offset = frame.next;
      continue;
    }
    const reason = frame.ok ? 'malformed record' : frame.reason;
    const torn = !hasFrameAfter(data, offset) && isTornTail(data, offset, frame);
    return { entries, offsets, stop: { torn, offset, reason } };
  }
  return { entries, offsets };
}

/**
 * Corrupt, naming the file and offset, and how to start anyway: cut the log at the damage and
 * drop the segments after it, losing that record and every later one.
 */
export function corruptAt(file: string, offset: number, reason: string, laterSegments: string[] = []): StorageError {
  const repair = [`truncate -s ${offset} ${file}`, ...(laterSegments.length ? [`rm ${laterSegments.join(' ')}`] : [])];
  return new StorageError(
    'Corrupt',
    file,
    `write-ahead log ${file} is corrupt at byte offset ${offset}: ${reason}; refusing to start. Restore the data ` +
      `directory from a backup, or start without this record and every later one (their writes are lost): ${repair.join(' && ')}`,
  );
}

/**
 * The file operations the log writer uses. Node's by default (`nodeLogFiles`); tests substitute
 * failing ones to play a full disk or an I/O error without needing one.
 */
export interface LogFiles {
  /** Opens `path` for appending (created 0600 if missing). */
  open(path: string): Promise<LogFile>;
}

export interface LogFile {
  writev(buffers: Buffer[]): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export const nodeLogFiles: LogFiles = { open: (path) => open(path, 'a', privateFileMode) };

/** The open segment new records are appended to. */
export class SegmentWriter {
  private constructor(
    private readonly file: LogFile,
    readonly path: string,
    /** Bytes known to be on disk: everything after them belongs to a write that failed. */
    private durableBytes: number,
  ) {}

  static async open(path: string, files: LogFiles = nodeLogFiles): Promise<SegmentWriter> {
    const file = await files.open(path);
    try {
      return new SegmentWriter(file, path, (await stat(path)).size);
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  /** Appends the records and waits until they are on disk (fdatasync). */
  async append(buffers: Buffer[]): Promise<void> {
    const bytes = await writeAll(this.file, buffers);
    await this.file.datasync();
    this.durableBytes += bytes;
  }

  /**
   * After a failed append: cuts off whatever part of it reached the file, so the next append
   * follows the last durable record instead of leaving a damaged record in the middle of the log.
   */
  async discardFailedAppend(): Promise<void> {
    await this.file.truncate(this.durableBytes);
    await this.file.datasync();
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** writev until every byte is written (a single call may write only part); returns the bytes written. */
export async function writeAll(file: Pick<LogFile, 'writev'>, buffers: Buffer[]): Promise<number> {
  let rest = buffers;
  let total = 0;
  while (rest.length > 0) {
    const { bytesWritten } = await file.writev(rest);
    if (bytesWritten === 0) throw new Error('writev wrote nothing');
    total += bytesWritten;
    rest = skipBytes(rest, bytesWritten);
  }
  return total;
}

/** The buffers left after the first `n` bytes were written. */
function skipBytes(buffers: Buffer[], n: number): Buffer[] {
  let i = 0;
  while (i < buffers.length && n >= buffers[i]!.length) n -= buffers[i++]!.length;
  if (i === buffers.length) return [];
  const rest = buffers.slice(i);
  rest[0] = rest[0]!.subarray(n);
  return rest;
}
