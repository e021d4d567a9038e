import { randomBytes } from 'node:crypto';
import { chmod, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `path` so that a reader sees the old contents or the new, never a part: a temporary file
 * in the same directory (a rename across file systems is not atomic), written, flushed, given its
 * mode before it holds anything (a key is never readable by others), then renamed over the old one.
 */
export async function replaceFileAtomically(path: string, contents: string, mode: number): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temporary, 'wx', mode);
  try {
    await file.chmod(mode);
    await file.writeFile(contents);
    await file.sync();
  } catch (e) {
    await file.close();
    await unlink(temporary).catch(() => undefined);
    throw e;
  }
  await file.close();
  try {
    await rename(temporary, path);
  } catch (e) {
    await unlink(temporary).catch(() => undefined);
    throw e;
  }
  await chmod(path, mode);
}
