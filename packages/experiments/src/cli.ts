/**
 * The `poise` command line: `poise reproduce [study] [--scale quick|full] [--variant V] [--json FILE] [--out DIR]`.
 * The studies themselves are listed in ./study-registry.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Scale, StudyCommand } from './study-command';
import { STUDY_COMMANDS } from './study-registry';

export const STUDIES: readonly string[] = STUDY_COMMANDS.map((s) => s.name);

function usage(): string {
  const width = Math.max(...STUDIES.map((s) => s.length)) + 3;
  const lines = STUDY_COMMANDS.map((s) => {
    const [first, ...rest] = s.summary.split('\n');
    return [`  ${s.name.padEnd(width)}${first}`, ...rest.map((r) => ' '.repeat(width + 2) + r)].join('\n');
  });
  const defaults = STUDY_COMMANDS.filter((s) => s.runByDefault).map((s) => s.name).join(', ');
  return `usage: poise reproduce [study] [--scale quick|full] [--variant NAME] [--json FILE] [--out DIR]

studies:
${lines.join('\n')}

With no study, every reproduction runs (${defaults}) at the chosen scale (quick by default).
Reports go to DIR (default ./reports). Data is found through $POISE_DATA, the cache, a download,
or the embedded fallback (see @poise/datasets).`;
}

export interface Args {
  command: string | undefined;
  study: string | undefined;
  scale: Scale;
  variant: string | undefined;
  json: string | undefined;
  out: string;
}

function findStudy(name: string): StudyCommand {
  const study = STUDY_COMMANDS.find((s) => s.name === name);
  if (!study) throw new Error(`poise: unknown study '${name}'; available: ${STUDIES.join(', ')}`);
  return study;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { command: undefined, study: undefined, scale: 'quick', variant: undefined, json: undefined, out: 'reports' };
  const positional: string[] = [];
  const value = (i: number, flag: string): string => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new Error(`poise: ${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--scale') {
      const v = value(++i, '--scale');
      if (v !== 'quick' && v !== 'full') throw new Error(`poise: --scale must be quick or full, got ${v}`);
      args.scale = v;
    } else if (a === '--variant') args.variant = value(++i, '--variant');
    else if (a === '--json') args.json = value(++i, '--json');
    else if (a === '--out') args.out = value(++i, '--out');
    else if (a.startsWith('--')) throw new Error(`poise: unknown option ${a}\n\n${usage()}`);
    else positional.push(a);
  }
  args.command = positional[0];
  if (positional[1] !== undefined) args.study = findStudy(positional[1]).name;
  if (args.variant !== undefined) {
    const withVariants = STUDY_COMMANDS.filter((s) => s.variants).map((s) => s.name);
    if (args.study === undefined) {
      throw new Error(`poise: --variant applies to one study; name it: poise reproduce ${withVariants[0] ?? '<study>'} --variant ...`);
    }
    const variants = findStudy(args.study).variants;
    if (!variants) throw new Error(`poise: the ${args.study} study has no variants (--variant applies to ${withVariants.join(', ')})`);
    if (!variants.includes(args.variant)) {
      throw new Error(`poise: unknown variant '${args.variant}' for ${args.study}; available: ${variants.join(', ')}`);
    }
  }
  return args;
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    console.log(usage());
    return 0;
  }
  const args = parseArgs(argv);
  if (args.command !== 'reproduce') throw new Error(`poise: unknown command '${args.command}'\n\n${usage()}`);
  const studies = args.study ? [findStudy(args.study)] : STUDY_COMMANDS.filter((s) => s.runByDefault);
  const summaries: Record<string, unknown>[] = [];
  for (const study of studies) {
    console.log(`poise reproduce ${study.name} (scale: ${args.scale})`);
    summaries.push(...(await study.run({ scale: args.scale, out: args.out, variant: args.variant })));
  }
  if (args.json) {
    const path = resolve(args.json);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2) + '\n');
    console.log(`wrote ${path}`);
  }
  return 0;
}
