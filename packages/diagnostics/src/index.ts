/**
 * @poise/diagnostics: make a network's internal statistics visible. Recorders (`watch`,
 * `signalPropagation`) hook a model's layers and record activation, saturation, dead-unit, gradient and
 * update:data statistics; `report` turns them into a table with a verdict per layer; the charts
 * (histograms, the |h| > 0.99 saturation map, loss, update:data ratio and signal-std curves, percentile
 * bands) are Vega-Lite specs that render to SVG headlessly and display in tslab.
 */
export type { Chart } from './chart';
export { renderSVG } from './render';
export { display } from './display';
export { VEGA_LITE_SCHEMA, type VegaLiteSpec, type ChartOptions, type AxisOptions } from './spec';
export type { Values } from './values';
export { histogram, type HistogramOptions } from './charts/histogram';
export { histograms, type NamedValues, type HistogramsOptions } from './charts/histograms';
export { gradientHistograms } from './charts/gradient-histograms';
export { saturationMap, type SaturationMapOptions } from './charts/saturation-map';
export { lineChart, type LineSeries, type LineChartOptions, type Guide } from './charts/line-chart';
export { lossCurves, type LossSeries, type LossCurvesOptions } from './charts/loss-curves';
export { updateRatioCurves, type UpdateRatioSeries, type UpdateRatioOptions } from './charts/update-ratio-curves';
export { signalStdChart, type StdSeries, type SignalStdOptions } from './charts/signal-std-chart';
export { percentileBands, type PercentileSeries, type PercentileBandsOptions } from './charts/percentile-bands';
export {
  watch,
  type Recorder,
  type WatchOptions,
  type OptimizerLike,
  type LayerSeries,
  type ParameterSeries,
  type PreactivationSeries,
  type PercentileUnit,
  type ValuesSnapshot,
  type RecorderCharts,
} from './recording/recorder';
export { signalPropagation, type SignalPropagation, type SignalPropagationOptions, type SignalLayer } from './recording/signal-propagation';
export {
  report,
  formatNumber,
  type Report,
  type ReportRow,
  type ReportIssue,
  type ReportOptions,
  type IssueCode,
  type Severity,
  type Status,
} from './recording/report';
export { activationKind, type ActivationKind, type LayerFilter } from './recording/layers';
export * from './recording/thresholds';
