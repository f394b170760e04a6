/**
 * @poise/experiments: the studies of poise as plain functions (config in, numbers and series out), the
 * reports they write, and the `poise` CLI.
 */
export { runMlpDemo, spiral, MLP_DEMO_DEFAULTS, type MlpDemoConfig, type MlpDemoResult } from './mlp-demo';
export { ProgressBar } from './progress';
export * from './makemore';
export * from './diagnostics-tour';
export * from './ioffe2015';
export * from './he2015';
export type { StudyCommand, StudyRunOptions, Scale } from './study-command';
