import { runMlpDemo } from './mlp-demo';
import { ProgressBar } from './progress';
import type { StudyCommand } from './study-command';

export const mlpDemoCommand: StudyCommand = {
  name: 'mlp-demo',
  summary: 'a two-layer MLP fitted to a 3-class spiral with the tensor core (autograd + SGD)',
  runByDefault: false,
  async run({ scale }) {
    const steps = scale === 'full' ? 3000 : 500;
    const bar = new ProgressBar('mlp-demo', steps);
    const result = runMlpDemo({ steps }, (step, loss) => {
      if ((step + 1) % 25 === 0 || step + 1 === steps) bar.update(step + 1, `loss ${loss.toFixed(4)}`);
    });
    console.log(`  mlp-demo: loss ${result.initialLoss.toFixed(4)} -> ${result.finalLoss.toFixed(4)}, training accuracy ${(result.accuracy * 100).toFixed(1)}%`);
    return [{ study: 'mlp-demo', variant: 'default', scale, seconds: result.seconds, finalLoss: result.finalLoss, accuracy: result.accuracy }];
  },
};
