import { join } from 'node:path';

import type { DatasetFile } from './dataset-file';
import { cacheDir, dataDir } from './locations';

/**
 * The sentence every "file missing or wrong" error ends with: where the canonical file goes, with the
 * folders as they are resolved right now, so the user can copy a path out of the message. The `path`
 * option takes the file itself, or for a dataset of several files (`pathFolder`) the folder that holds them.
 */
export function whereToPut(spec: Pick<DatasetFile, 'fileName' | 'url' | 'pathFolder'>): string {
  const pathAdvice = spec.pathFolder ? `pass { path } to a folder that holds ${spec.pathFolder}` : 'pass { path } to a copy of it';
  const data = dataDir();
  const env = data ? `${join(data, spec.fileName)} ($POISE_DATA)` : `$POISE_DATA/${spec.fileName} (POISE_DATA is not set)`;
  return (
    `Put the canonical ${spec.fileName} (${spec.url}) at ${env} or ` +
    `${join(cacheDir(), spec.fileName)} (the cache), or ${pathAdvice}.`
  );
}
