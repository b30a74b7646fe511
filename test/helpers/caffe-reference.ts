// Plain direct-loop implementations of Caffe's layers (as caffe/src/caffe/layers/*.cpp define
// them), on HWC Float32Arrays, with weights in the raw file layout ([out][kh][kw][in]): the
// reference the tfjs converter is checked against. Slow and obvious on purpose.
export interface Map3 {
  h: number;
  w: number;
  c: number;
  data: Float32Array;
}

const at = (m: Map3, y: number, x: number, c: number) => m.data[(y * m.w + x) * m.c + c];

export function convReference(input: Map3, filter: Float32Array, bias: Float32Array | null, out: number, k: number, stride: number, pad: number): Map3 {
  const oh = Math.floor((input.h + 2 * pad - k) / stride) + 1, ow = Math.floor((input.w + 2 * pad - k) / stride) + 1;
  const data = new Float32Array(oh * ow * out);
  for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) for (let o = 0; o < out; o++) {
    let sum = bias ? bias[o] : 0;
    for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) {
      const y = oy * stride - pad + ky, x = ox * stride - pad + kx;
      if (y < 0 || x < 0 || y >= input.h || x >= input.w) continue;
      for (let c = 0; c < input.c; c++) sum += filter[((o * k + ky) * k + kx) * input.c + c] * at(input, y, x, c);
    }
    data[(oy * ow + ox) * out + o] = sum;
  }
  return {h: oh, w: ow, c: out, data};
}

/** Caffe's MAX pooling: output size rounded up, windows clipped to the image. */
export function maxPoolReference(input: Map3, k: number, stride: number, pad: number): Map3 {
  const size = (n: number) => {
    let o = Math.ceil((n + 2 * pad - k) / stride) + 1;
    if (pad > 0 && (o - 1) * stride >= n + pad) o--;
    return o;
  };
  const oh = size(input.h), ow = size(input.w);
  const data = new Float32Array(oh * ow * input.c);
  for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
    const y0 = Math.max(oy * stride - pad, 0), x0 = Math.max(ox * stride - pad, 0);
    const y1 = Math.min(oy * stride - pad + k, input.h), x1 = Math.min(ox * stride - pad + k, input.w);
    for (let c = 0; c < input.c; c++) {
      let m = -Infinity;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m = Math.max(m, at(input, y, x, c));
      data[(oy * ow + ox) * input.c + c] = m;
    }
  }
  return {h: oh, w: ow, c: input.c, data};
}

/** Caffe's AVE pooling over the whole map (GoogLeNet's pool5). */
export function globalAvgReference(input: Map3): Map3 {
  const data = new Float32Array(input.c);
  for (let y = 0; y < input.h; y++) for (let x = 0; x < input.w; x++) for (let c = 0; c < input.c; c++) data[c] += at(input, y, x, c) / (input.h * input.w);
  return {h: 1, w: 1, c: input.c, data};
}

/** LRN ACROSS_CHANNELS: x / (k + alpha/n * sum over the n channels around c of x^2)^beta. */
export function lrnReference(input: Map3, n: number, alpha: number, beta: number, k: number): Map3 {
  const data = new Float32Array(input.data.length);
  const half = (n - 1) / 2;
  for (let y = 0; y < input.h; y++) for (let x = 0; x < input.w; x++) for (let c = 0; c < input.c; c++) {
    let sum = 0;
    for (let j = Math.max(0, c - half); j <= Math.min(input.c - 1, c + half); j++) sum += at(input, y, x, j) ** 2;
    data[(y * input.w + x) * input.c + c] = at(input, y, x, c) / (k + (alpha / n) * sum) ** beta;
  }
  return {...input, data};
}

export function reluReference(input: Map3): Map3 {
  return {...input, data: input.data.map((v) => Math.max(v, 0))};
}

export function concatReference(inputs: Map3[]): Map3 {
  const c = inputs.reduce((s, m) => s + m.c, 0);
  const {h, w} = inputs[0];
  const data = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let o = 0;
    for (const m of inputs) for (let j = 0; j < m.c; j++) data[(y * w + x) * c + o++] = at(m, y, x, j);
  }
  return {h, w, c, data};
}

/** InnerProduct on a 1x1 map, filter [out][in]. */
export function innerProductReference(input: Map3, filter: Float32Array, bias: Float32Array | null, out: number): Map3 {
  const data = new Float32Array(out);
  for (let o = 0; o < out; o++) {
    let s = bias ? bias[o] : 0;
    for (let i = 0; i < input.data.length; i++) s += filter[o * input.data.length + i] * input.data[i];
    data[o] = s;
  }
  return {h: 1, w: 1, c: out, data};
}
