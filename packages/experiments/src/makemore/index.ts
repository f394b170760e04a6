export { VARIANTS, VARIANT_DESCRIPTIONS, SEED_SHAPE, initModel, forward, trainStep, splitLoss, type Variant, type MakemoreModel } from './model';
export { runMakemore, loadMakemoreData, layerStats, smoothLoss, SCALES, type MakemoreConfig, type MakemoreResult, type LayerStats, type Scale } from './study';
export { writeMakemoreReport, makemoreCharts, makemoreMarkdown, makemoreSummary } from './report';
