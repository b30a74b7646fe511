// The fast stride-1 conv adjoints now live with the other wasm backprop kernels
// (components/tf/wasm-gradients.ts), where every experiment benefits; initTf() registers them.
export {stride1FilterGradient, stride1InputGradient} from "../../components/tf/wasm-gradients.ts";
import {registerWasmBackpropKernels} from "../../components/tf/wasm-gradients.ts";

/** Former entry point of training; the kernels cover it. */
export const registerFastConv2dGradient = registerWasmBackpropKernels;
