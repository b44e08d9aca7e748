import type { Command } from 'commander';
import { register as setup } from './setup.js';
import { register as doctor } from './doctor.js';
import { register as plan } from './plan.js';
import { register as apply } from './apply.js';
import { register as destroy } from './destroy.js';
import { register as status } from './status.js';
import { register as state } from './state.js';
import { register as forget } from './forget.js';
import { register as importCmd } from './import.js';
import { register as simulate } from './simulate.js';
import { register as preBreak } from './pre-break.js';
import { register as collections } from './collections.js';
import { register as sandbox } from './sandbox.js';
import { register as whoami } from './whoami.js';
import { register as timeline } from './timeline.js';
import { register as watch } from './watch.js';
import { register as report } from './report.js';

/** Every command, in the order `--help` lists them. One file per command; each only parses, calls, prints. */
export const commands: Array<(program: Command) => void> = [
  setup,
  doctor,
  plan,
  apply,
  destroy,
  status,
  state,
  forget,
  importCmd,
  simulate,
  timeline,
  watch,
  report,
  preBreak,
  collections,
  sandbox,
  whoami,
];
