/**
 * The studies `poise reproduce` knows. Each study lives in its own folder and contributes one
 * `StudyCommand` (see ./makemore/command.ts); this file only lists them, so adding a study is one line here.
 */
import { makemoreCommand } from './makemore/command';
import { mlpDemoCommand } from './mlp-demo-command';
import { ioffe2015Command } from './ioffe2015/command';
import { he2015Command } from './he2015/command';
import type { StudyCommand } from './study-command';

export const STUDY_COMMANDS: readonly StudyCommand[] = [makemoreCommand, mlpDemoCommand, ioffe2015Command, he2015Command];
