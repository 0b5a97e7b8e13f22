// Entry of the worker runtime (out/main/worker.js): the program every lab process runs.
import { runWorker } from './worker/boot';

runWorker();
