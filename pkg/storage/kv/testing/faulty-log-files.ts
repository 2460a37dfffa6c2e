/**
 * Log file operations that fail on demand, for tests of a full disk or a failing one without
 * needing either: `fault` makes every following write (or sync) fail with that errno, after
 * letting `partialBytes` of the write reach the file as a real full disk can.
 *
 * @example
 *   const files = new FaultyLogFiles();
 *   const kv = await openDurableKV({ dataDir, logFiles: files });
 *   files.fault = { code: 'ENOSPC', partialBytes: 10 };   // the disk is full
 *   files.fault = undefined;                               // space was freed
 */
import { type LogFile, type LogFiles, nodeLogFiles } from '../wal.js';

type Operation = 'write' | 'sync' | 'truncate';

export interface Fault {
  code: 'ENOSPC' | 'EDQUOT' | 'EIO';
  /** Bytes of a failing write that still reach the file first (default 0). */
  partialBytes?: number;
  /** What fails: writes (default), syncs, cutting a failed write off (truncate), or several of them. */
  on?: Operation | Operation[];
}

const fails = (fault: Fault | undefined, op: Operation) =>
  fault !== undefined && [fault.on ?? 'write'].flat().includes(op);

export class FaultyLogFiles implements LogFiles {
  fault: Fault | undefined;
  /** Failures injected so far. */
  injected = 0;

  async open(path: string): Promise<LogFile> {
    const file = await nodeLogFiles.open(path);
    const failIf = (op: Operation) => {
      if (this.fault && fails(this.fault, op)) {
        this.injected++;
        throw errno(this.fault.code);
      }
    };
    return {
      writev: async (buffers) => {
        const partial = this.fault && fails(this.fault, 'write') ? (this.fault.partialBytes ?? 0) : 0;
        if (partial > 0) await file.writev([Buffer.concat(buffers).subarray(0, partial)]);
        failIf('write');
        return file.writev(buffers);
      },
      datasync: async () => {
        failIf('sync');
        return file.datasync();
      },
      truncate: async (length) => {
        failIf('truncate');
        return file.truncate(length);
      },
      close: () => file.close(),
    };
  }
}

const messages = { ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', EIO: 'i/o error' };

function errno(code: Fault['code']): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: ${messages[code]}, write`);
  err.code = code;
  return err;
}
