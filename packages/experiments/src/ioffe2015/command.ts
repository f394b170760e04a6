import { useWasm } from '@poise/backend-wasm';
import { ProgressBar } from '../progress';
import type { StudyCommand } from '../study-command';
import { IOFFE2015_SCALES } from './config';
import { loadIoffe2015Data } from './data';
import { ioffe2015Summary, writeIoffe2015Report } from './report';
import { runIoffe2015 } from './study';

export const ioffe2015Command: StudyCommand = {
  name: 'ioffe2015',
  summary: `Ioffe & Szegedy 2015 (batch norm): Figure 1 on MNIST, a section 4.2 learning-rate table, Algorithm 2
(full scale: the paper's 50,000 steps; quick: ${IOFFE2015_SCALES.quick.figure1.steps} steps)`,
  runByDefault: true,
  async run({ scale, out }) {
    // The WASM backend (the 'auto' backend: typed arrays for small tensors, XNNPACK for large ones).
    await useWasm();
    const data = await loadIoffe2015Data();
    console.log(`  data: ${data.source}`);
    let bar: ProgressBar | undefined;
    let current = '';
    const result = runIoffe2015(data, { scale }, (p) => {
      if (p.run !== current) {
        current = p.run;
        bar = new ProgressBar(`ioffe2015 ${p.run}`, p.steps);
      }
      const every = Math.max(1, Math.floor(p.steps / 200));
      if (p.step % every === 0 || p.step === p.steps) bar!.update(p.step, `loss ${p.loss.toFixed(4)}`);
    });
    const f = result.figure1;
    const last = (a: number[]) => `${(100 * a[a.length - 1]).toFixed(2)}%`;
    console.log(`  Figure 1 after ${f.config.steps} steps: without BN ${last(f.withoutBN.curve.accuracy)}, with BN ${last(f.withBN.curve.accuracy)}`);
    for (const r of result.learningRate.runs) {
      console.log(`  ${r.variant.name.padEnd(16)} lr ${String(r.lr).padEnd(5)} max ${(100 * r.maxAccuracy).toFixed(2)}%  steps to ${(100 * result.learningRate.target).toFixed(2)}%: ${r.stepsToTarget ?? '—'}`);
    }
    const inf = result.inference;
    console.log(`  inference: running averages ${(100 * inf.runningAverage).toFixed(2)}%, population ${(100 * inf.population).toFixed(2)}%, ` +
      inf.batchStatistics.map((b) => `batch stats (${b.batchSize}) ${(100 * b.accuracy).toFixed(2)}%`).join(', '));
    const report = await writeIoffe2015Report(result, out);
    console.log(`wrote ${report.markdown} and ${report.charts.length} charts (${result.seconds.toFixed(0)} s)`);
    return [ioffe2015Summary(result)];
  },
};
