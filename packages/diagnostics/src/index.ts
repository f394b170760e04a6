/**
 * @poise/diagnostics: make a network's internal statistics visible. This entry point has the charts:
 * histograms, the |h| > 0.99 saturation map, loss, update:data ratio and signal-std curves, and
 * percentile bands, as Vega-Lite specs that render to SVG headlessly and display in tslab.
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
