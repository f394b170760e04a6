export { runMlpDemo, spiral, MLP_DEMO_DEFAULTS, type MlpDemoConfig, type MlpDemoResult } from './mlp-demo';
export { ProgressBar } from './progress';
