/** The machine: CPU model, clock, cores, and one core's WASM-SIMD fp32 peak computed from them. */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  /** Clock used for the peak, GHz, and where it came from. */
  ghz: number;
  clockSource: string;
  /** Flops per cycle per core with WASM SIMD128: 2 vector multiplies + 2 vector adds of 4 floats (no FMA in WASM SIMD). */
  flopsPerCycle: number;
  /** One core's WASM-SIMD fp32 peak, GFLOP/s. */
  peakGflopsPerCore: number;
  loadAverage: number[];
  node: string;
}

function readNumber(path: string): number | null {
  try {
    const v = Number(readFileSync(path, 'utf8').trim());
    return Number.isFinite(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

export function machineInfo(env: NodeJS.ProcessEnv = process.env): MachineInfo {
  const cpus = os.cpus();
  let ghz = 0;
  let clockSource = '';
  const override = Number(env.POISE_BENCH_CPU_GHZ);
  const maxKHz = readNumber('/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq');
  if (override > 0) {
    ghz = override;
    clockSource = 'POISE_BENCH_CPU_GHZ';
  } else if (maxKHz !== null) {
    ghz = maxKHz / 1e6;
    clockSource = 'cpufreq cpuinfo_max_freq';
  } else {
    let mhz = 0;
    try {
      const m = /cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
      if (m) mhz = Number(m[1]);
    } catch {
      /* not Linux */
    }
    if (!(mhz > 0)) mhz = cpus[0]?.speed ?? 0;
    ghz = mhz / 1000;
    clockSource = '/proc/cpuinfo cpu MHz';
  }
  const flopsPerCycle = 16;
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    ghz,
    clockSource,
    flopsPerCycle,
    peakGflopsPerCore: flopsPerCycle * ghz,
    loadAverage: os.loadavg(),
    node: process.version,
  };
}
