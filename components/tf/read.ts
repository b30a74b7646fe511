// Reading a tensor back to JavaScript, asynchronously: a synchronous read (dataSync) destroys
// the device on WebGPU's software adapter (docs/benchmarks.md "Backends agree"), and await
// data() is what every backend offers. The tensor is disposed after the read, whatever happens.
import type * as tf from "@tensorflow/tfjs";

/** A tensor's values, then the tensor disposed. */
export async function readAndDispose(t: tf.Tensor): Promise<Float32Array | Int32Array | Uint8Array> {
  try {
    return await t.data();
  } finally {
    t.dispose();
  }
}

/** A scalar's value, then the scalar disposed. */
export const readScalar = async (t: tf.Tensor): Promise<number> => (await readAndDispose(t))[0];
