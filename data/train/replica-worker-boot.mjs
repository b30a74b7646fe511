// Worker threads do not inherit the tsx loader in every launch mode (`node --import tsx
// --test` runs them without it), so the worker starts from plain JS and loads its TypeScript.
import {register} from "tsx/esm/api";

register();
await import("./replica-worker.ts");
