import { join } from 'node:path';

import type { DatasetFile } from './dataset-file';
import { cacheDir, dataDir } from './locations';

/**
 * The sentence every "file missing or wrong" error ends with: where the canonical file goes, with the
 * folders as they are resolved right now, so the user can copy a path out of the message.
 */
export function whereToPut(spec: Pick<DatasetFile, 'fileName' | 'url'>): string {
  const data = dataDir();
  const env = data ? `${join(data, spec.fileName)} ($POISE_DATA)` : `$POISE_DATA/${spec.fileName} (POISE_DATA is not set)`;
  return (
    `Put the canonical ${spec.fileName} (${spec.url}) at ${env} or ` +
    `${join(cacheDir(), spec.fileName)} (the cache), or pass { path } to a copy of it.`
  );
}
