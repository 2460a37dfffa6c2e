/**
 * Start-up of the durable backend: load the newest snapshot, replay the write-ahead log after
 * it, drop an incomplete record torn by a crash at the very end (with a warning), and refuse to
 * start on any other damage (a complete record with a bad checksum included, even the last one),
 * naming the file and byte offset and the command that starts without the damaged part.
 *
 *   snap-S.snap ──restore──▶ engine at S ──replay wal-*.log records > S──▶ engine at head
 */
import { readFile, readdir, truncate, unlink } from 'node:fs/promises';
import path from 'node:path';
import * as klog from '../../klog/klog.js';
import { MVCC } from './mvcc.js';
import { readSnapshot, snapshotPattern } from './snapshot.js';
import { corruptAt, scanSegment, segmentName, segmentPattern } from './wal.js';

export interface Recovered {
  mvcc: MVCC;
  /** The segment new records go to: the newest existing one, or a new name. */
  segmentPath: string;
  /** Log bytes after the snapshot: counts toward the next snapshot. */
  logBytes: number;
  /** Records replayed from the log. */
  replayed: number;
}

export async function recover(dataDir: string): Promise<Recovered> {
  const names = await readdir(dataDir);
  // Leftovers of a snapshot interrupted by a crash: the previous snapshot and the log still hold everything.
  await Promise.all(names.filter((n) => n.endsWith('.tmp')).map((n) => unlink(path.join(dataDir, n))));
  const snapshots = matching(names, snapshotPattern);
  const segments = matching(names, segmentPattern);

  const newest = snapshots[snapshots.length - 1];
  let mvcc = new MVCC();
  if (newest) {
    const snap = await readSnapshot(path.join(dataDir, newest.name));
    mvcc = MVCC.restore(snap.versions, snap.revision, snap.compacted);
  }
  const snapshotRevision = mvcc.head;

  let replayed = 0;
  let logBytes = 0;
  const obsolete: string[] = snapshots.slice(0, -1).map((s) => s.name);
  for (const [i, segment] of segments.entries()) {
    const next = segments[i + 1];
    // Entirely at or before the snapshot (a crash came before their deletion): nothing to replay.
    if (next && next.revision <= snapshotRevision + 1) {
      obsolete.push(segment.name);
      continue;
    }
    const file = path.join(dataDir, segment.name);
    const data = await readFile(file);
    const later = segments.slice(i + 1).map((s) => path.join(dataDir, s.name));
    const scan = scanSegment(data);
    // A torn record can only be the last thing written: at the end of the newest segment.
    if (scan.stop && (!scan.stop.torn || next)) throw corruptAt(file, scan.stop.offset, scan.stop.reason, later);
    for (const [j, entry] of scan.entries.entries()) {
      const offset = scan.offsets[j]!;
      if (entry.type === 'COMPACT') {
        if (entry.revision <= mvcc.compacted) continue; // already in the snapshot
        if (entry.revision > mvcc.head)
          throw corruptAt(
            file,
            offset,
            `compaction to revision ${entry.revision} beyond the log's revision ${mvcc.head}`,
            later,
          );
        mvcc.compact(entry.revision);
      } else if (entry.revision > snapshotRevision) {
        const value = entry.type === 'PUT' ? entry.value : new Uint8Array(0);
        if (!mvcc.replay(entry.type, entry.revision, entry.key, value)) {
          throw corruptAt(
            file,
            offset,
            `${entry.type} of ${entry.key} at revision ${entry.revision} does not follow revision ${mvcc.head}`,
            later,
          );
        }
        replayed++;
      }
    }
    const end = scan.stop ? scan.stop.offset : data.length;
    logBytes += end;
    if (scan.stop) {
      klog.warning('Dropping a record torn by a crash at the end of the write-ahead log', {
        file,
        offset: scan.stop.offset,
        droppedBytes: data.length - scan.stop.offset,
        reason: scan.stop.reason,
      });
      await truncate(file, scan.stop.offset);
    }
  }
  await Promise.all(obsolete.map((n) => unlink(path.join(dataDir, n))));
  const last = segments[segments.length - 1]; // never obsolete: nothing follows it
  const segmentPath = path.join(dataDir, last ? last.name : segmentName(mvcc.head + 1));
  return { mvcc, segmentPath, logBytes, replayed };
}

function matching(names: string[], pattern: RegExp): { name: string; revision: number }[] {
  return names
    .flatMap((name) => {
      const m = pattern.exec(name);
      return m ? [{ name, revision: Number(m[1]) }] : [];
    })
    .sort((a, b) => a.revision - b.revision);
}
