// Worker threads do not inherit the tsx loader in every launch mode (`node --import tsx
// --test` runs them without it), so a worker starts from this plain JS file, which registers
// tsx and then loads the TypeScript module named in workerData.entry (data/node/ts-worker.ts).
import {workerData} from "node:worker_threads";
import {register} from "tsx/esm/api";

register();
await import(workerData.entry);
