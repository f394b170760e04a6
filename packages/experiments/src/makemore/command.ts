import { ProgressBar } from '../progress';
import type { StudyCommand } from '../study-command';
import { VARIANTS, type Variant } from './model';
import { makemoreSummary, writeMakemoreReport } from './report';
import { SCALES, loadMakemoreData, runMakemore, type MakemoreResult } from './study';

export const makemoreCommand: StudyCommand = {
  name: 'makemore',
  summary: `the seeds' character MLP: baseline, fixed-init, kaiming and batchnorm variants
(full scale: the seeds' 200,000 steps; quick: ${SCALES.quick.steps} steps)`,
  runByDefault: true,
  variants: VARIANTS,
  async run({ scale, out, variant }) {
    const { data, source } = await loadMakemoreData();
    const variants = variant ? [variant as Variant] : [...VARIANTS];
    const { steps } = SCALES[scale];
    const results: MakemoreResult[] = [];
    for (const v of variants) {
      const bar = new ProgressBar(`makemore ${v}`, steps);
      const every = Math.max(1, Math.floor(steps / 200));
      results.push(
        runMakemore(data, { variant: v, ...SCALES[scale] }, (i, loss) => {
          if ((i + 1) % every === 0 || i + 1 === steps) bar.update(i + 1, `loss ${loss.toFixed(4)}`);
        }, { scale, dataSource: source }),
      );
      const r = results[results.length - 1];
      console.log(`  ${v}: train ${r.splits.train.toFixed(4)}  val ${r.splits.val.toFixed(4)}  test ${r.splits.test.toFixed(4)}  (${r.seconds.toFixed(1)} s)`);
    }
    const report = await writeMakemoreReport(results, out);
    console.log(`wrote ${report.markdown} and ${report.charts.length} charts`);
    return results.map(makemoreSummary);
  },
};
