// The independent reference for our TFLite reader: Google's TFLite runtime compiled to
// WebAssembly (the tflite_web_api module shipped in @tensorflow/tfjs-tflite 0.0.1-alpha.10),
// run in Node on the quantized file as it is. It computes in integer arithmetic with XNNPACK,
// exactly as a phone would, and shares no code with components/tflite/.
import * as fs from "node:fs";
import {createRequire} from "node:module";
import * as path from "node:path";

const require = createRequire(import.meta.url);

interface TensorInfo {
  dataType: string;
  name: string;
  shape: string;
  data(): Uint8Array | Int8Array | Float32Array | Int32Array;
  delete?(): void;
}
interface CppVector<T> {
  size(): number;
  get(i: number): T;
  delete(): void;
}
interface Runner {
  GetInputs(): CppVector<TensorInfo>;
  GetOutputs(): CppVector<TensorInfo>;
  Infer(): boolean;
  delete(): void;
}
interface EmModule {
  _malloc(n: number): number;
  _free(p: number): void;
  HEAPU8: Uint8Array;
  TFLiteWebModelRunner: {CreateFromBufferAndOptions(ptr: number, len: number, o: object): {ok(): boolean; errorMessage(): string; value(): Runner}};
}

let modulePromise: Promise<EmModule> | null = null;

function wasmDir(): string {
  return path.join(path.dirname(require.resolve("@tensorflow/tfjs-tflite/package.json")), "wasm");
}

/** The runtime (single-threaded SIMD build; Node 20 has wasm SIMD). */
function runtime(): Promise<EmModule> {
  modulePromise ??= (async () => {
    const dir = wasmDir();
    const factory = require(path.join(dir, "tflite_web_api_cc_simd.js")) as (m: object) => Promise<EmModule>;
    // hand over the binary ourselves: the module would fetch() a path, which Node cannot
    return factory({wasmBinary: fs.readFileSync(path.join(dir, "tflite_web_api_cc_simd.wasm")), print: () => {}, printErr: () => {}});
  })();
  return modulePromise;
}

export interface ReferenceOutput {
  /** Raw output values (uint8 for quantized models) as numbers. */
  raw: number[];
  outputType: string;
  outputShape: number[];
}

export interface TfliteReference {
  inputShape: number[];
  inputType: string;
  /** Runs the file on one image given as its input tensor's bytes (uint8 HWC). */
  run(input: Uint8Array): ReferenceOutput;
  dispose(): void;
}

/** Loads a .tflite into the reference runtime. */
export async function loadReference(bytes: Uint8Array): Promise<TfliteReference> {
  const M = await runtime();
  const ptr = M._malloc(bytes.length);
  M.HEAPU8.set(bytes, ptr);
  const status = M.TFLiteWebModelRunner.CreateFromBufferAndOptions(ptr, bytes.length, {numThreads: 1, enableProfiling: false, maxProfilingBufferEntries: 1024});
  if (!status.ok()) {
    M._free(ptr);
    throw new Error(`TFLite runtime refused the model: ${status.errorMessage()}`);
  }
  const runner = status.value();
  const first = (v: CppVector<TensorInfo>) => {
    const t = v.get(0);
    v.delete();
    return t;
  };
  const input = first(runner.GetInputs());
  const output = first(runner.GetOutputs());
  const shapeOf = (t: TensorInfo) => t.shape.split(",").map(Number);
  return {
    inputShape: shapeOf(input),
    inputType: input.dataType,
    run(image) {
      const target = input.data();
      if (target.length !== image.length) throw new Error(`TFLite runtime: input needs ${target.length} values, got ${image.length}`);
      target.set(image);
      if (!runner.Infer()) throw new Error("TFLite runtime: inference failed");
      return {raw: Array.from(output.data()), outputType: output.dataType, outputShape: shapeOf(output)};
    },
    dispose() {
      runner.delete();
      M._free(ptr);
    },
  };
}
