/** What a study contributes to the `poise reproduce` command line. */
export type Scale = 'quick' | 'full';

export interface StudyRunOptions {
  scale: Scale;
  /** The report folder (default ./reports). */
  out: string;
  /** --variant, when the study has variants (validated against `variants` before run is called). */
  variant: string | undefined;
}

export interface StudyCommand {
  /** The name typed after `poise reproduce`. */
  name: string;
  /** One or two lines for the usage text. */
  summary: string;
  /** Whether `poise reproduce` with no study named runs it (the reproductions do; demos do not). */
  runByDefault: boolean;
  /** Names accepted by --variant; absent when the study has none. */
  variants?: readonly string[];
  /** Runs the study with a progress bar, writes its report, and returns one JSON summary per run. */
  run(options: StudyRunOptions): Promise<Record<string, unknown>[]>;
}
