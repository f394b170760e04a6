/** @poise/bench: the benchmark suite behind `npm run bench` (see README.md). */
export { median, relativeSpread, timeRatio, pairedRatio, judge, describeTarget, fmtTime, fmtRatio, fmtBytes, type Target, type Verdict } from './stats';
export { renderTable, finishRow, type ResultRow, type Impl } from './table';
export { machineInfo, type MachineInfo } from './machine';
export { runWorkload, type HarnessOptions } from './harness';
export { TorchPeer, TORCH_SCRIPT, type TorchInfo } from './peers/torch';
export { allWorkloads, matmulWorkload, makemoreWorkload, mlpWorkload, convnetWorkload, type Step, type Workload } from './workloads';
export { makemoreStep, MAKEMORE } from './workloads/makemore';
export { mlpStep, mlpTfjsStep, poiseMlp, tfjsMlp, MLP } from './workloads/mlp';
export { convnetStep, convnetTfjsStep, poiseConvnet, tfjsConvnet, CONVNET } from './workloads/convnet';
export { parseArgs, type CliOptions } from './cli';
